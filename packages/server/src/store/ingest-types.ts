import type { Selectable } from 'kysely';
import type {
  GeoPrecision,
  MetricType,
  QualityRowStatus,
  RunState,
  RunTrigger,
  RunStagesTable,
  SourceRunState,
  SourcesTable,
  ValidationStatus,
} from '../db/tables';

/**
 * What the pipeline hands to the store: one type per table it writes, with the wire's
 * snake_case names so the ingest API can pass bodies through unchanged. Timestamps may be
 * `Date`s or ISO-8601 strings; optional fields may be omitted or `null`.
 */
export type TimestampInput = Date | string;

/** A news site or feed. Upserted by `id` (a slug). */
export interface SourceInput {
  id: string;
  name: string;
  kind: Selectable<SourcesTable>['kind'];
  url: string;
  /** 1 (most important) to 5. */
  priority: number;
  enabled: boolean;
  /** How often the source normally publishes; "silent" is judged against this. */
  expected_interval_seconds: number;
}

/** Name of a pipeline stage. */
export type StageName = RunStagesTable['stage'];
/** State of one stage of one run. */
export type StageState = Selectable<RunStagesTable>['state'];

/** One stage of a run: how many items it finished out of how many it was given. */
export interface StageInput {
  stage: StageName;
  state: StageState;
  items: number;
  total: number;
  started_at?: TimestampInput | null;
  finished_at?: TimestampInput | null;
}

/** A pipeline run. Posting the same `id` again updates it (running → final state, stages). */
export interface RunInput {
  id: string;
  started_at: TimestampInput;
  finished_at?: TimestampInput | null;
  state: RunState;
  trigger: RunTrigger;
  error?: string | null;
  stages?: StageInput[];
}

/** One source within one run. Posting the same `id` again updates it. */
export interface SourceRunInput {
  id: string;
  run_id: string;
  source_id: string;
  state: SourceRunState;
  started_at: TimestampInput;
  finished_at?: TimestampInput | null;
  duration_ms?: number | null;
  entries_seen: number;
  articles_found: number;
  articles_new: number;
  duplicates: number;
  too_old: number;
  error?: string | null;
}

/** A collected article. Never updated: a known `id`, `url` or `content_hash` is not stored again. */
export interface ArticleInput {
  id: string;
  source_id: string;
  source_run_id?: string | null;
  url: string;
  title: string;
  summary?: string | null;
  published_at?: TimestampInput | null;
  fetched_at: TimestampInput;
  content_hash: string;
}

/** A conflict event extracted from an article. Posting the same `id` again updates it. */
export interface EventInput {
  id: string;
  article_id?: string | null;
  source_id?: string | null;
  run_id?: string | null;
  /** `YYYY-MM-DD`. */
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
  geo_precision: GeoPrecision;
  validation_status: ValidationStatus;
  validation_reasons: string[];
  /** 0 to 1. */
  confidence?: number | null;
}

/**
 * A `data_quality_metrics` row. Without an `id`, one is derived from the content, so a
 * replayed metric is still stored once. Never updated.
 */
export interface QualityMetricInput {
  id?: string | null;
  timestamp: TimestampInput;
  geocoding_attempts: number;
  geocoding_successes: number;
  /** 0 to 100. */
  geocoding_success_rate: number;
  validation_attempts: number;
  validation_passes: number;
  /** 0 to 100. */
  validation_pass_rate: number;
  metric_type: MetricType;
  source?: string | null;
  status: QualityRowStatus;
}

/**
 * Everything one ingest request carries, written in one transaction. `run` and `runs` may
 * both be given (the API accepts a single run under `run`).
 */
export interface IngestBatch {
  run?: RunInput | null;
  runs?: RunInput[];
  source_runs?: SourceRunInput[];
  articles?: ArticleInput[];
  events?: EventInput[];
  quality_metrics?: QualityMetricInput[];
}

/** Item counts per kind, as the ingest API answers them. */
export interface IngestCounts {
  runs: number;
  source_runs: number;
  articles: number;
  events: number;
  quality_metrics: number;
}

/**
 * Outcome of a batch. `accepted`: items now stored as given (new, updated, or already stored
 * under the same id, so a replay answers the same counts). `duplicates`: items not stored
 * because an equivalent row exists under another id (an article with a known url or content
 * hash, a second result for the same source in the same run, a repeated id in the batch, a
 * stale "running" update of a finished run).
 */
export interface IngestResult {
  accepted: IngestCounts;
  duplicates: IngestCounts;
}

/** Outcome of {@link IngestStore.upsertSources}. */
export interface SourcesResult {
  accepted: { sources: number };
  duplicates: { sources: number };
}

/** Zero counts, for building results. */
export function emptyCounts(): IngestCounts {
  return { runs: 0, source_runs: 0, articles: 0, events: 0, quality_metrics: 0 };
}
