-- An alert that opens while a silence already covers it: its history says so from the start
-- ("silenced by X until Y"), as it does for alerts that were open when the silence was made
-- (those transitions are written by the alert API, migration 006). Matching as in
-- status/alerts/silences.ts: exact label values, the keys `rule` and `fingerprint` match those
-- fields; a silence covers the alert if it is in force when the alert starts.
-- A trigger of its own beside `alerts_record_transition` (003, 006), which it follows: triggers
-- on one event fire in name order, so the opening state is recorded first.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

CREATE FUNCTION record_silenced_on_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor, until, comment)
    SELECT NEW.id, NEW.started_at, NEW.state, 'silenced', s.created_by, s.ends_at, s.comment
    FROM alert_silences s
    WHERE s.expired_at IS NULL
      AND s.starts_at <= NEW.started_at
      AND s.ends_at > NEW.started_at
      AND NEW.labels @> (s.matchers - 'rule' - 'fingerprint')
      AND (NOT s.matchers ? 'rule' OR s.matchers->>'rule' = NEW.rule)
      AND (NOT s.matchers ? 'fingerprint' OR s.matchers->>'fingerprint' = NEW.fingerprint)
    ORDER BY s.ends_at DESC
    LIMIT 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER alerts_silenced_on_open AFTER INSERT ON alerts
  FOR EACH ROW EXECUTE FUNCTION record_silenced_on_open();
