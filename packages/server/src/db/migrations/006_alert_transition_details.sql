-- Operator console (issue #16): silences and acknowledgements in each alert's own history.
-- A transition may last until a time (a silence's end, an acknowledgement's expiry) and carry
-- the operator's comment. Silence transitions ('silenced', 'unsilenced') are written by the
-- alert API for every open alert the silence matches; acknowledgements keep coming from the
-- trigger below, now with their expiry and comment.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

ALTER TABLE alert_transitions
  ADD COLUMN until timestamptz,
  ADD COLUMN comment text;

CREATE OR REPLACE FUNCTION record_alert_transition() RETURNS trigger LANGUAGE plpgsql AS $$
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
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor, until, comment)
        VALUES (NEW.id, coalesce(NEW.acknowledged_at, now()), NEW.state, 'acknowledged',
                NEW.acknowledged_by, NEW.ack_expires_at, NEW.ack_comment);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
