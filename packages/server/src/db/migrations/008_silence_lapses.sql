-- A silence that runs out (nobody ends it early) is written into the history of every open alert
-- it covered: "unsilenced" at the silence's end, with no actor (the alert engine wrote it). The
-- alert evaluation writes it (store/alert-transition-writes.ts, recordLapsedSilences) and marks
-- the silence in `lapse_recorded_at`, so each end is written once, by whichever process leads.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

ALTER TABLE alert_silences ADD COLUMN lapse_recorded_at timestamptz;

-- Silences that ran out before this migration: their end is not written after the fact.
UPDATE alert_silences SET lapse_recorded_at = now() WHERE ends_at <= now() AND expired_at IS NULL;

-- Recording a lapse must not wake the status engine (its statement-level trigger fires even
-- when no row changed, and the evaluation runs on every computation: it would loop). Only
-- changes to what a silence is wake it, as alerts_ack_notify does for acknowledgements.
DROP TRIGGER alert_silences_notify ON alert_silences;
CREATE TRIGGER alert_silences_notify AFTER INSERT OR DELETE ON alert_silences
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER alert_silences_update_notify
  AFTER UPDATE OF matchers, created_by, comment, starts_at, ends_at, expired_at ON alert_silences
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();

-- What the evaluation looks for on every run: the few silences whose end is not written yet.
CREATE INDEX alert_silences_unrecorded_lapse_idx ON alert_silences (ends_at)
  WHERE lapse_recorded_at IS NULL AND expired_at IS NULL;

-- Whether a silence's matchers cover an alert: exact label values; the keys `rule` and
-- `fingerprint` match those fields (as status/alerts/silences.ts does in the engine).
CREATE FUNCTION silence_covers(matchers jsonb, labels jsonb, rule text, fingerprint text)
  RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT labels @> (matchers - 'rule' - 'fingerprint')
    AND (NOT matchers ? 'rule' OR matchers->>'rule' = rule)
    AND (NOT matchers ? 'fingerprint' OR matchers->>'fingerprint' = fingerprint)
$$;
