import type { RunState, SourceRunState } from '../db/tables';

/** The rows behind the status document, as `status-queries.ts` reads them in one statement. */

/** What {@link readStatusRows} reads, and the time bounds it reads within. */
export interface StatusWindow {
  /** Start of the counting window (articles, events, source runs). */
  windowStart: Date;
  /** Start of the hourly trend (an hour boundary). */
  trendStart: Date;
  /**
   * How far back "newest" things are looked for: a source's last success, the newest aggregate
   * quality row. Bounds the walk when there is none (a source that keeps failing, a pipeline that
   * writes no aggregate rows).
   */
  lookbackStart: Date;
  /**
   * End of every read, inclusive: rows after it are ignored, so the rows are those the database
   * held at that moment (the console's replay, `?at=`). Unset: no upper bound (the live status).
   */
  windowEnd?: Date;
}

/** The newest pipeline run. */
export interface LatestRunRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  state: RunState;
  error: string | null;
}

/** One stage of the latest run. */
export interface StageRow {
  stage: 'collection' | 'processing' | 'extraction' | 'geocoding' | 'validation';
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  items: number;
  total: number;
  started_at: Date | null;
  finished_at: Date | null;
}

/** One source with its latest run and its counts in the window. */
export interface SourceRow {
  id: string;
  name: string;
  enabled: boolean;
  expected_interval_seconds: number;
  /** Latest source run (any age), or nulls when the source never ran. */
  latest_state: SourceRunState | null;
  latest_started_at: Date | null;
  latest_finished_at: Date | null;
  latest_error: string | null;
  /** Newest succeeded or empty run since `lookbackStart`. */
  last_success_at: Date | null;
  /** Newest error message in the window, and when. */
  window_error: string | null;
  window_error_at: Date | null;
  /** Source runs started in the window, by outcome. */
  window_runs: number;
  window_succeeded: number;
  window_failed: number;
  /** Articles fetched in the window. */
  window_articles: number;
}

/** Counts of conflict events (how many, geocoded, with a verdict, passed). */
export interface EventCounts {
  events: number;
  geocoded: number;
  /** Events whose validation finished (not `pending`). */
  validated: number;
  passed: number;
}

/** Conflict events of one source (null: none recorded) created in the window. */
export interface EventSourceCountRow extends EventCounts {
  source_id: string | null;
}

/** Conflict events created in one UTC hour (for the trend; may reach before the window). */
export interface EventHourRow extends EventCounts {
  /** Hours since the Unix epoch (UTC): `floor(epoch / 3600)`. */
  hour: number;
}

/** A `data_quality_metrics` row (the newest aggregate one since `lookbackStart`). */
export interface QualityMetricsRow {
  timestamp: Date;
  geocoding_attempts: number;
  geocoding_successes: number;
  geocoding_success_rate: number | null;
  validation_attempts: number;
  validation_passes: number;
  validation_pass_rate: number | null;
  status: 'pending' | 'healthy' | 'warning' | 'error';
}

/** Aggregate quality rows of one UTC hour, summed (rates averaged). */
export interface QualityBucketRow {
  hour: number;
  geocoding_attempts: number;
  geocoding_successes: number;
  geocoding_rate_avg: number | null;
  validation_attempts: number;
  validation_passes: number;
  validation_rate_avg: number | null;
}

/** Everything the status document is computed from, as plain values. */
export interface StatusRows {
  latestRun: LatestRunRow | null;
  stages: StageRow[];
  /** Source runs recorded for the latest run. */
  sourcesProcessed: number;
  sources: SourceRow[];
  eventsBySource: EventSourceCountRow[];
  eventsByHour: EventHourRow[];
  qualityMetrics: QualityMetricsRow | null;
  qualityTrend: QualityBucketRow[];
  /** Newest pipeline-run error in the window. */
  runError: { error: string; at: Date } | null;
}

/** Rows of an empty database: what the document is built from before any data was ever read. */
export const EMPTY_STATUS_ROWS: StatusRows = {
  latestRun: null,
  stages: [],
  sourcesProcessed: 0,
  sources: [],
  eventsBySource: [],
  eventsByHour: [],
  qualityMetrics: null,
  qualityTrend: [],
  runError: null,
};
