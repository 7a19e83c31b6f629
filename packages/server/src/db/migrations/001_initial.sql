-- Initial schema: what the pipeline writes and the status engine reads.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

CREATE TABLE sources (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'rss' CHECK (kind IN ('rss', 'atom', 'html', 'api')),
  url text NOT NULL,
  priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 5),
  enabled boolean NOT NULL DEFAULT true,
  expected_interval_seconds integer NOT NULL DEFAULT 3600 CHECK (expected_interval_seconds > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pipeline_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'succeeded', 'partial', 'failed')),
  trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual', 'demo', 'api')),
  error text
);
CREATE INDEX pipeline_runs_started_at_idx ON pipeline_runs (started_at DESC);

-- One stage of one run: how many items it was given and finished, and how long it took.
CREATE TABLE run_stages (
  run_id uuid NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('collection', 'processing', 'extraction', 'geocoding', 'validation')),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  items integer NOT NULL DEFAULT 0 CHECK (items >= 0),
  total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (run_id, stage)
);

CREATE TABLE source_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
  source_id text NOT NULL REFERENCES sources (id),
  state text NOT NULL CHECK (state IN ('running', 'succeeded', 'empty', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  duration_ms integer CHECK (duration_ms >= 0),
  entries_seen integer NOT NULL DEFAULT 0 CHECK (entries_seen >= 0),
  articles_found integer NOT NULL DEFAULT 0 CHECK (articles_found >= 0),
  articles_new integer NOT NULL DEFAULT 0 CHECK (articles_new >= 0),
  duplicates integer NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
  too_old integer NOT NULL DEFAULT 0 CHECK (too_old >= 0),
  error text,
  UNIQUE (run_id, source_id)
);
CREATE INDEX source_runs_source_started_idx ON source_runs (source_id, started_at DESC);
CREATE INDEX source_runs_started_idx ON source_runs (started_at DESC);

CREATE TABLE articles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id text NOT NULL REFERENCES sources (id),
  source_run_id uuid REFERENCES source_runs (id) ON DELETE SET NULL,
  url text NOT NULL UNIQUE,
  title text NOT NULL,
  summary text,
  published_at timestamptz,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  content_hash text NOT NULL
);
CREATE INDEX articles_fetched_at_idx ON articles (fetched_at DESC);
CREATE INDEX articles_source_fetched_idx ON articles (source_id, fetched_at DESC);
CREATE INDEX articles_content_hash_idx ON articles (content_hash);

CREATE TABLE conflict_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  article_id uuid REFERENCES articles (id) ON DELETE SET NULL,
  source_id text REFERENCES sources (id),
  run_id uuid REFERENCES pipeline_runs (id) ON DELETE SET NULL,
  event_date date NOT NULL,
  event_type text NOT NULL,
  state text,
  lga text,
  place text,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  fatalities integer CHECK (fatalities >= 0),
  injuries integer CHECK (injuries >= 0),
  geocoded boolean NOT NULL DEFAULT false,
  geo_precision text NOT NULL DEFAULT 'none' CHECK (geo_precision IN ('lga', 'state', 'none')),
  validation_status text NOT NULL DEFAULT 'pending'
    CHECK (validation_status IN ('pending', 'passed', 'needs_review', 'rejected')),
  validation_reasons text[] NOT NULL DEFAULT '{}',
  confidence real CHECK (confidence BETWEEN 0 AND 1),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflict_events_created_at_idx ON conflict_events (created_at DESC);
CREATE INDEX conflict_events_event_date_state_idx ON conflict_events (event_date, state);
CREATE INDEX conflict_events_source_created_idx ON conflict_events (source_id, created_at DESC);

-- Exactly the table of the seeds (see shared/docs/contract.md).
CREATE TABLE data_quality_metrics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "timestamp" timestamptz NOT NULL DEFAULT now(),
  geocoding_attempts integer NOT NULL DEFAULT 0 CHECK (geocoding_attempts >= 0),
  geocoding_successes integer NOT NULL DEFAULT 0 CHECK (geocoding_successes >= 0),
  geocoding_success_rate double precision CHECK (geocoding_success_rate BETWEEN 0 AND 100),
  validation_attempts integer NOT NULL DEFAULT 0 CHECK (validation_attempts >= 0),
  validation_passes integer NOT NULL DEFAULT 0 CHECK (validation_passes >= 0),
  validation_pass_rate double precision CHECK (validation_pass_rate BETWEEN 0 AND 100),
  metric_type text NOT NULL CHECK (metric_type IN ('aggregate', 'source-specific', 'hourly')),
  source text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'healthy', 'warning', 'error'))
);
CREATE INDEX data_quality_metrics_timestamp_idx ON data_quality_metrics ("timestamp");
CREATE INDEX data_quality_metrics_source_idx ON data_quality_metrics (source);
CREATE INDEX data_quality_metrics_metric_type_idx ON data_quality_metrics (metric_type);
CREATE INDEX data_quality_metrics_timestamp_metric_type_idx ON data_quality_metrics ("timestamp", metric_type);

-- Alert history: one row per alert instance (fingerprint + start), updated through its lifecycle.
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fingerprint text NOT NULL,
  rule text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  state text NOT NULL CHECK (state IN ('pending', 'firing', 'recovering', 'resolved')),
  title text NOT NULL,
  message text NOT NULL,
  labels jsonb NOT NULL DEFAULT '{}',
  observed double precision,
  expected double precision,
  started_at timestamptz NOT NULL DEFAULT now(),
  fired_at timestamptz,
  resolved_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_by text,
  acknowledged_at timestamptz,
  ack_comment text
);
CREATE INDEX alerts_fingerprint_idx ON alerts (fingerprint, started_at DESC);
CREATE INDEX alerts_open_idx ON alerts (state) WHERE state <> 'resolved';

-- Replays of ingest requests carrying the same Idempotency-Key get the first answer back.
CREATE TABLE ingest_requests (
  idempotency_key text PRIMARY KEY,
  route text NOT NULL,
  body_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Change notification: one NOTIFY per statement (not per row), so a bulk insert wakes the
-- status engine once. Payload is the table name. Alerts are written by the engine itself,
-- so they do not notify (that would loop).
CREATE FUNCTION notify_pipeline_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pipeline_change', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER sources_notify AFTER INSERT OR UPDATE OR DELETE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER pipeline_runs_notify AFTER INSERT OR UPDATE OR DELETE ON pipeline_runs
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER run_stages_notify AFTER INSERT OR UPDATE OR DELETE ON run_stages
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER source_runs_notify AFTER INSERT OR UPDATE OR DELETE ON source_runs
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER articles_notify AFTER INSERT OR UPDATE OR DELETE ON articles
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER conflict_events_notify AFTER INSERT OR UPDATE OR DELETE ON conflict_events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
CREATE TRIGGER data_quality_metrics_notify AFTER INSERT OR UPDATE OR DELETE ON data_quality_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION notify_pipeline_change();
