import type { Alert, Anomaly, StatusDocument } from '@naija-monitor/protocol';
import type { StatusRows } from '../store/status-queries';
import type { StatusPolicy } from './status-policy';

/** The parts of the document computed from rows before anomalies, alerts and the roll-up. */
export type StatusCore = Pick<
  StatusDocument,
  'timestamp' | 'scraping_health' | 'data_quality' | 'pipeline_stages' | 'last_run'
>;

/** Anomalies and alerts of one status computation. */
export interface Intelligence {
  anomalies: Anomaly[];
  alerts: Alert[];
  /**
   * Set while the evaluator cannot save its alerts (e.g. rows the database refuses); shown in
   * `system_health.alert_evaluation`.
   */
  evaluationFailure?: { since: Date; message: string } | null;
}

/**
 * What an anomaly/alert evaluator is given on every computation. An evaluator that reads
 * baselines or keeps alert history gets its database when it is built, not per call.
 */
export interface IntelligenceInput {
  /** The computation's clock (same instant as `core.timestamp`). */
  now: Date;
  /** The rows the core was built from. */
  rows: StatusRows;
  core: StatusCore;
  policy: StatusPolicy;
}

/**
 * The seam between the status engine and anomaly detection / alert rules: ONE call per
 * computation returning `{ anomalies, alerts }`. The engine uses the basic evaluator
 * (`basic-intelligence.ts`) unless given another; an evaluator that throws is logged and the
 * basic one answers instead, so a broken rule never blanks the document.
 */
export type IntelligenceEvaluator = (
  input: IntelligenceInput,
) => Promise<Intelligence> | Intelligence;
