/**
 * Plain rows the detectors read (`store/signal-queries.ts` produces them; `status/signals/`
 * consumes them). They live in `store/` so that the arrow points one way: status → store.
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
