-- Operator console (issue #16): the published status documents, for replay, and the history of
-- every alert's state changes and acknowledgements.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

-- One row per stored publication. Stored in segments: a segment starts with the full document
-- (kind 'full', segment_id = its own id) followed by RFC 7386 merge patches (kind 'patch'), each
-- against the entry before it in the same segment. `body` is the encoded form of
-- server/src/history/history-codec.ts. Retention deletes whole segments only, so every kept
-- patch still has its full document.
CREATE TABLE status_history (
  id bigserial PRIMARY KEY,
  segment_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('full', 'patch')),
  published_at timestamptz NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 0),
  overall_status text NOT NULL,
  -- The document or patch as JSON, raw-deflated (zlib): most rows are patches of a few hundred
  -- bytes, below the ~2 KB where PostgreSQL would compress by itself.
  body bytea NOT NULL,
  CHECK ((kind = 'full') = (segment_id = id))
);
-- A segment's rows are found by primary key (ids from segment_id up to the entry), so the only
-- other index is the time one.
CREATE INDEX status_history_published_idx ON status_history (published_at);

-- Every change of an alert's state (written by the trigger below, whoever changes the row) and
-- every acknowledgement or withdrawal of one.
CREATE TABLE alert_transitions (
  id bigserial PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor text
);
CREATE INDEX alert_transitions_alert_idx ON alert_transitions (alert_id, at DESC, id DESC);

CREATE FUNCTION record_alert_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
      VALUES (NEW.id, NEW.started_at, NULL, NEW.state, NULL);
    RETURN NULL;
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
      VALUES (NEW.id, NEW.updated_at, OLD.state, NEW.state, NULL);
  END IF;
  IF NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at
     OR NEW.acknowledged_by IS DISTINCT FROM OLD.acknowledged_by THEN
    IF NEW.acknowledged_by IS NULL THEN
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
        VALUES (NEW.id, now(), NEW.state, 'unacknowledged', NULL);
    ELSE
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
        VALUES (NEW.id, coalesce(NEW.acknowledged_at, now()), NEW.state, 'acknowledged', NEW.acknowledged_by);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER alerts_record_transition AFTER INSERT OR UPDATE OF state, acknowledged_by, acknowledged_at ON alerts
  FOR EACH ROW EXECUTE FUNCTION record_alert_transition();
