-- Who changed alert handling, and when: acknowledgements and silences, by the name of the
-- ADMIN_TOKENS token that made the change (never a name the caller typed).
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

CREATE TABLE alert_audit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  at timestamptz NOT NULL DEFAULT now(),
  -- The token's name (`name:secret` in ADMIN_TOKENS).
  actor text NOT NULL CHECK (actor <> ''),
  action text NOT NULL CHECK (action IN ('acknowledged', 'unacknowledged', 'silence_created', 'silence_ended')),
  -- The alert's or the silence's id.
  subject_id text NOT NULL,
  -- What was done, e.g. a silence's matchers and end, an acknowledgement's comment.
  details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX alert_audit_at_idx ON alert_audit (at DESC);
-- Counting the silences in force (MAX_ACTIVE_SILENCES) reads only those.
CREATE INDEX alert_silences_in_force_idx ON alert_silences (ends_at) WHERE expired_at IS NULL;
