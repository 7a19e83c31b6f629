import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table types, one per table of the migrations. Keep in step with `migrations/*.sql`.
 * Timestamps are read as `Date` (node-postgres and PGlite both parse timestamptz).
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SourcesTable {
  id: string;
  name: string;
  kind: Defaulted<'rss' | 'atom' | 'html' | 'api'>;
  url: string;
  priority: Defaulted<number>;
  enabled: Defaulted<boolean>;
  expected_interval_seconds: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type RunState = 'running' | 'succeeded' | 'partial' | 'failed';
export type RunTrigger = 'schedule' | 'manual' | 'demo' | 'api';

export interface PipelineRunsTable {
  id: Generated<string>;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  state: Defaulted<RunState>;
  trigger: Defaulted<RunTrigger>;
  error: string | null;
}

export interface RunStagesTable {
  run_id: string;
  stage: 'collection' | 'processing' | 'extraction' | 'geocoding' | 'validation';
  state: Defaulted<'pending' | 'running' | 'succeeded' | 'failed' | 'skipped'>;
  items: Defaulted<number>;
  total: Defaulted<number>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export type SourceRunState = 'running' | 'succeeded' | 'empty' | 'failed';

export interface SourceRunsTable {
  id: Generated<string>;
  run_id: string;
  source_id: string;
  state: SourceRunState;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  duration_ms: number | null;
  entries_seen: Defaulted<number>;
  articles_found: Defaulted<number>;
  articles_new: Defaulted<number>;
  duplicates: Defaulted<number>;
  too_old: Defaulted<number>;
  error: string | null;
}

export interface ArticlesTable {
  id: Generated<string>;
  source_id: string;
  source_run_id: string | null;
  url: string;
  title: string;
  summary: string | null;
  published_at: NullableTimestamp;
  fetched_at: Timestamp;
  content_hash: string;
}

export type GeoPrecision = 'lga' | 'state' | 'none';
export type ValidationStatus = 'pending' | 'passed' | 'needs_review' | 'rejected';

export interface ConflictEventsTable {
  id: Generated<string>;
  article_id: string | null;
  source_id: string | null;
  run_id: string | null;
  /** A `date` column, read and written as `YYYY-MM-DD` (both drivers are set to leave it a string). */
  event_date: string;
  event_type: string;
  state: string | null;
  lga: string | null;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  fatalities: number | null;
  injuries: number | null;
  geocoded: Defaulted<boolean>;
  geo_precision: Defaulted<GeoPrecision>;
  validation_status: Defaulted<ValidationStatus>;
  validation_reasons: Defaulted<string[]>;
  confidence: number | null;
  created_at: Timestamp;
}

export type MetricType = 'aggregate' | 'source-specific' | 'hourly';
export type QualityRowStatus = 'pending' | 'healthy' | 'warning' | 'error';

export interface DataQualityMetricsTable {
  id: Generated<string>;
  timestamp: Timestamp;
  geocoding_attempts: Defaulted<number>;
  geocoding_successes: Defaulted<number>;
  geocoding_success_rate: number | null;
  validation_attempts: Defaulted<number>;
  validation_passes: Defaulted<number>;
  validation_pass_rate: number | null;
  metric_type: MetricType;
  source: string | null;
  status: Defaulted<QualityRowStatus>;
}

export interface AlertsTable {
  id: Generated<string>;
  fingerprint: string;
  rule: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  state: 'pending' | 'firing' | 'recovering' | 'resolved';
  title: string;
  message: string;
  labels: Defaulted<Record<string, string>>;
  observed: number | null;
  expected: number | null;
  started_at: Timestamp;
  fired_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  updated_at: Timestamp;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  ack_comment: string | null;
  /** Migration 002 (alert lifecycle). */
  group_key: Defaulted<string>;
  condition_since: NullableTimestamp;
  last_active_at: NullableTimestamp;
  recovering_since: NullableTimestamp;
  ack_expires_at: NullableTimestamp;
  notified_state: 'firing' | 'resolved' | null;
  notified_at: NullableTimestamp;
}

/** Migration 002: silences mute alert notifications whose labels match. */
export interface AlertSilencesTable {
  id: Generated<string>;
  matchers: Record<string, string>;
  created_by: string;
  comment: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_at: Timestamp;
  expired_at: NullableTimestamp;
  /** Migration 008: when the alert evaluation wrote this silence's running out into alert histories. */
  lapse_recorded_at: NullableTimestamp;
}

/** Migration 004: who acknowledged, silenced or ended what (the admin token's name). */
export interface AlertAuditTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: 'acknowledged' | 'unacknowledged' | 'silence_created' | 'silence_ended';
  subject_id: string;
  details: Record<string, unknown>;
}

export interface IngestRequestsTable {
  idempotency_key: string;
  route: string;
  body_hash: string;
  status_code: number;
  response: unknown;
  created_at: Timestamp;
}

/** Every table, for `Kysely<Tables>`. */
export interface Tables {
  sources: SourcesTable;
  pipeline_runs: PipelineRunsTable;
  run_stages: RunStagesTable;
  source_runs: SourceRunsTable;
  articles: ArticlesTable;
  conflict_events: ConflictEventsTable;
  data_quality_metrics: DataQualityMetricsTable;
  alerts: AlertsTable;
  alert_silences: AlertSilencesTable;
  alert_audit: AlertAuditTable;
  ingest_requests: IngestRequestsTable;
}
