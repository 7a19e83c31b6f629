/**
 * The monitor's ingest API as the pipeline speaks it (JSON, snake_case). Written down here, not
 * imported from the server: the pipeline runs elsewhere and talks HTTP only. Times are ISO-8601.
 */

/** `POST /api/v1/ingest/sources` item: upserted by `id`. */
export interface WireSource {
  id: string;
  name: string;
  kind: 'rss' | 'atom' | 'html' | 'api';
  url: string;
  priority: number;
  enabled: boolean;
  expected_interval_seconds: number;
}

/** A pipeline stage, in order. */
export type StageName = 'collection' | 'processing' | 'extraction' | 'geocoding' | 'validation';

/** One stage of a run: how many items it finished out of how many it was given. */
export interface WireStage {
  stage: StageName;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  items: number;
  total: number;
  started_at?: string | null;
  finished_at?: string | null;
}

/** A run; posted first as `running`, then again (same id) with its final state. */
export interface WireRun {
  id: string;
  started_at: string;
  finished_at?: string | null;
  state: 'running' | 'succeeded' | 'partial' | 'failed';
  trigger: 'schedule' | 'manual' | 'demo' | 'api';
  error?: string | null;
  stages?: WireStage[];
}

/** One source within one run. */
export interface WireSourceRun {
  id: string;
  run_id: string;
  source_id: string;
  /** `empty`: fetched fine, nothing new. `failed`: could not be fetched or parsed. */
  state: 'running' | 'succeeded' | 'empty' | 'failed';
  started_at: string;
  finished_at?: string | null;
  duration_ms?: number | null;
  entries_seen: number;
  articles_found: number;
  articles_new: number;
  duplicates: number;
  too_old: number;
  error?: string | null;
}

/** A collected article. */
export interface WireArticle {
  id: string;
  source_id: string;
  source_run_id?: string | null;
  url: string;
  title: string;
  summary?: string | null;
  published_at?: string | null;
  fetched_at: string;
  content_hash: string;
}

/** An extracted, geocoded, validated event. */
export interface WireEvent {
  id: string;
  article_id?: string | null;
  source_id?: string | null;
  run_id?: string | null;
  event_date: string;
  event_type: string;
  state?: string | null;
  lga?: string | null;
  place?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  fatalities?: number | null;
  injuries?: number | null;
  geocoded: boolean;
  geo_precision: 'lga' | 'state' | 'none';
  validation_status: 'pending' | 'passed' | 'needs_review' | 'rejected';
  validation_reasons: string[];
  confidence?: number | null;
}

/** A `data_quality_metrics` row. */
export interface WireQualityMetric {
  id?: string | null;
  timestamp: string;
  geocoding_attempts: number;
  geocoding_successes: number;
  geocoding_success_rate: number;
  validation_attempts: number;
  validation_passes: number;
  validation_pass_rate: number;
  metric_type: 'aggregate' | 'source-specific' | 'hourly';
  source?: string | null;
  status: 'pending' | 'healthy' | 'warning' | 'error';
}

/** `POST /api/v1/ingest/batch` body: one transaction, all or nothing. */
export interface WireBatch {
  run?: WireRun;
  source_runs?: WireSourceRun[];
  articles?: WireArticle[];
  events?: WireEvent[];
  quality_metrics?: WireQualityMetric[];
}

/** Item counts per kind, as the API answers them. */
export type WireCounts = Record<string, number>;

/** The API's answer to a write: what it stored, and what it already had under another id. */
export interface IngestReply {
  accepted: WireCounts;
  duplicates: WireCounts;
}
