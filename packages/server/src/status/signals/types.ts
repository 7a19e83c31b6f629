import type { AnomalySeverity } from '@naija-monitor/protocol';

/**
 * Plain rows the detectors read (the store's `signal-queries.ts` produces them) and the
 * `Signal` they emit. Detectors are pure: rows and a clock in, signals out.
 */

/** A configured news source. */
export interface SourceRow {
  id: string;
  name: string;
  enabled: boolean;
  /** Configured fetch interval: the floor under the learned cadence. */
  expectedIntervalSeconds: number;
  createdAt: Date;
}

/** One fetch of one source (a `source_runs` row). */
export interface SourceRunRow {
  sourceId: string;
  state: 'running' | 'succeeded' | 'empty' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  entriesSeen: number;
  articlesFound: number;
  articlesNew: number;
  error: string | null;
}

/** One pipeline run (a `pipeline_runs` row). */
export interface PipelineRunRow {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  state: 'running' | 'succeeded' | 'partial' | 'failed';
  error: string | null;
}

/** Stage counts of one source (or all, `sourceId` null for events without a source) over a window. */
export interface FunnelCounts {
  sourceId: string | null;
  articles: number;
  events: number;
  geocoded: number;
  /** Geocoded to the state only (the fallback when the LGA is unknown). */
  geoState: number;
  /** Geocoded to an LGA. */
  geoLga: number;
  /** Events whose validation finished (passed, needs_review or rejected). */
  validationDecided: number;
  validationPassed: number;
}

/** Events of one state on one local day from one source. */
export interface StateDayCount {
  day: string;
  state: string;
  sourceId: string | null;
  events: number;
}

/** A source's fetch outcome on one local day. */
export interface SourceDayActivity {
  sourceId: string;
  day: string;
  runs: number;
  /** Runs that reached the feed and parsed it (whether or not anything was new). */
  healthyRuns: number;
}

/** What a signal is about. */
export type SignalKind =
  | 'source_silent'
  | 'source_failing'
  | 'source_slow'
  | 'sources_silent'
  | 'funnel_drift'
  | 'geo_precision_drift'
  | 'validation_drift'
  | 'pipeline_stalled'
  | 'run_failed'
  | 'run_slow'
  | 'event_spike'
  | 'event_drop'
  | 'coverage_gap';

/**
 * One detected condition. `observed`, `expected` and `since` say what was seen, what the
 * baseline predicted and from when the condition holds; `labels` identify the subject (they
 * become the alert's labels and fingerprint).
 */
export interface Signal {
  kind: SignalKind;
  /** `pipeline`, `source:<id>` or `state:<name>`. */
  subject: string;
  labels: Record<string, string>;
  severity: AnomalySeverity;
  observed: number;
  expected: number;
  since: Date | null;
  description: string;
}
