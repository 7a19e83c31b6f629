-- An alert that opens while a silence already covers it: its history says so from the start
-- ("silenced by X until Y"), as it does for alerts that were open when the silence was made
-- (those transitions are written by the alert API, migration 006). Matching as in
-- status/alerts/silences.ts: exact label values, the keys `rule` and `fingerprint` match those
-- fields; a silence covers the alert if it is in force when the alert starts.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

CREATE OR REPLACE FUNCTION record_alert_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
      VALUES (NEW.id, NEW.started_at, NULL, NEW.state, NULL);
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
