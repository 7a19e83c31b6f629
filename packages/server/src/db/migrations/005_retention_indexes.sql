-- Retention (store/retention.ts) deletes old rows in small batches. Deleting a row that others
-- reference runs the foreign key's ON DELETE action as a lookup on the referencing column:
-- without an index that lookup is a sequential scan of the referencing table per deleted row.
-- Forward-only: never edit this file once landed; add a new numbered migration instead.

-- pipeline_runs deleted -> conflict_events.run_id SET NULL.
CREATE INDEX IF NOT EXISTS conflict_events_run_id_idx ON conflict_events (run_id) WHERE run_id IS NOT NULL;
-- articles deleted -> conflict_events.article_id SET NULL.
CREATE INDEX IF NOT EXISTS conflict_events_article_id_idx ON conflict_events (article_id) WHERE article_id IS NOT NULL;
-- source_runs deleted -> articles.source_run_id SET NULL.
CREATE INDEX IF NOT EXISTS articles_source_run_id_idx ON articles (source_run_id) WHERE source_run_id IS NOT NULL;
-- Resolved alerts past retention, oldest first.
CREATE INDEX IF NOT EXISTS alerts_resolved_at_idx ON alerts (resolved_at) WHERE state = 'resolved';
