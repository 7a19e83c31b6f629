import type {
  IngestArticle,
  IngestCounts,
  IngestEvent,
  IngestQualityMetric,
  IngestReply,
  IngestRun,
  IngestSource,
  IngestSourceRun,
  IngestSourcesReply,
  IngestStage,
} from '@naija-monitor/protocol';

/**
 * What the store takes: the ingest API's bodies (`@naija-monitor/protocol`), so the routes pass
 * them through unchanged, except that in-process callers may also give timestamps as `Date`s.
 */
export type TimestampInput = Date | string;

/** `T` whose timestamp fields `K` may also be `Date`s; optional fields stay optional. */
type AcceptingDates<T, K extends keyof T> = {
  [P in keyof T]: P extends K ? T[P] | Date : T[P];
};

/** A news site or feed. Upserted by `id` (a slug). */
export type SourceInput = IngestSource;

/** One stage of a run. */
export type StageInput = AcceptingDates<IngestStage, 'started_at' | 'finished_at'>;

/** A pipeline run. Posting the same `id` again updates it (running → final state, stages). */
export type RunInput = AcceptingDates<Omit<IngestRun, 'stages'>, 'started_at' | 'finished_at'> & {
  stages?: StageInput[];
};

/** One source within one run. Posting the same `id` again updates it. */
export type SourceRunInput = AcceptingDates<IngestSourceRun, 'started_at' | 'finished_at'>;

/** A collected article. Never updated: a known `id`, `url` or `content_hash` is not stored again. */
export type ArticleInput = AcceptingDates<IngestArticle, 'published_at' | 'fetched_at'>;

/** A conflict event extracted from an article. Posting the same `id` again updates it. */
export type EventInput = IngestEvent;

/**
 * A `data_quality_metrics` row. Without an `id`, one is derived from the content, so a
 * replayed metric is still stored once. Never updated.
 */
export type QualityMetricInput = AcceptingDates<IngestQualityMetric, 'timestamp'>;

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

/**
 * Outcome of a batch, as the ingest API answers it. `accepted`: items now stored as given (new,
 * updated, or already stored under the same id, so a replay answers the same counts).
 * `duplicates`: items not stored because an equivalent row exists under another id (an article
 * with a known url or content hash, a second result for the same source in the same run, a
 * repeated id in the batch, a stale "running" update of a finished run).
 */
export type IngestResult = IngestReply;

/** Outcome of {@link IngestStore.upsertSources}. */
export type SourcesResult = IngestSourcesReply;

/** Zero counts, for building results. */
export function emptyCounts(): IngestCounts {
  return { runs: 0, source_runs: 0, articles: 0, events: 0, quality_metrics: 0 };
}
