-- Alert lifecycle: what the engine needs to survive a restart, silences, and history reads.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

ALTER TABLE alerts
  ADD COLUMN group_key text NOT NULL DEFAULT '',
  -- Since when the underlying condition holds (e.g. a source's last new article).
  ADD COLUMN condition_since timestamptz,
  -- Last evaluation in which the firing condition held, and when recovery began.
  ADD COLUMN last_active_at timestamptz,
  ADD COLUMN recovering_since timestamptz,
  ADD COLUMN ack_expires_at timestamptz,
  -- What the webhooks were last told ('firing' or 'resolved'), so a restart does not repeat it.
  ADD COLUMN notified_state text CHECK (notified_state IN ('firing', 'resolved')),
  ADD COLUMN notified_at timestamptz;

-- Dedup: at most one open instance per fingerprint, whatever process writes.
CREATE UNIQUE INDEX alerts_open_fingerprint_idx ON alerts (fingerprint) WHERE state <> 'resolved';
-- History, newest first.
CREATE INDEX alerts_started_at_idx ON alerts (started_at DESC);

CREATE TABLE alert_silences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Exact label values to match; keys `rule` and `fingerprint` match those fields.
  matchers jsonb NOT NULL CHECK (jsonb_typeof(matchers) = 'object' AND matchers <> '{}'::jsonb),
  created_by text NOT NULL CHECK (created_by <> ''),
  comment text NOT NULL,
  starts_at timestamptz NOT NULL DEFAULT now(),
  ends_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set when someone ends the silence early.
  expired_at timestamptz,
  CHECK (ends_at > starts_at)
);
CREATE INDEX alert_silences_ends_at_idx ON alert_silences (ends_at DESC);

-- An acknowledgement or a silence changes what the document shows: wake the status engine
-- (on whichever process leads). Only these columns, so the engine's own writes never loop.
CREATE TRIGGER alerts_ack_notify AFTER UPDATE OF acknowledged_by, acknowledged_at, ack_comment, ack_expires_at ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER alert_silences_notify AFTER INSERT OR UPDATE OR DELETE ON alert_silences
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
