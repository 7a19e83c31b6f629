import type { AnomalySeverity } from '@naija-monitor/protocol';

/**
 * Plain rows the detectors read and the `Signal` they emit. Detectors are pure: rows and a
 * clock in, signals out. The rows are the store's (`store/signal-rows.ts`, produced by
 * `store/signal-queries.ts`), so `store/` never imports `status/`.
 */
export type {
  FunnelCounts,
  PipelineRunRow,
  SourceDayActivity,
  SourceRow,
  SourceRunRow,
  StateDayCount,
} from '../../store/signal-rows';

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
