/**
 * Days back the status read looks for a source's last success and the newest aggregate
 * quality row: the default of `StatusPolicy.lookbackDays` (`status/status-policy.ts`).
 */
export const STATUS_LOOKBACK_DAYS = 30;

/**
 * How long rows are kept, and the floor no setting may go below. The floor comes from the
 * reads: retention must never delete what the status document or the detectors' baselines
 * look at, or a retention pass would change the document. The longest look-backs:
 * - status (`store/status-queries.ts`): a source's last success and the newest aggregate
 *   quality row, `StatusPolicy.lookbackDays` (30) back; the counting window is 24 h;
 * - detectors (`store/signal-queries.ts`, as called by `status/alerts/evaluate-and-record.ts`):
 *   source histories 30 days, cadence learning 14 days, funnel 8 days + 15 min, and the
 *   conflict detector's national weekday profile 55 days before the last settled day, which
 *   itself lies up to one day and `settleHours` (6 h) plus the Lagos offset behind now: 57 days.
 * Rows the document reads at any age (the newest pipeline run, each source's newest run) are
 * never deleted, whatever their age (see `retention.ts`).
 */
export const LONGEST_LOOKBACK_DAYS = Math.max(
  STATUS_LOOKBACK_DAYS,
  30, // readSourceHistories
  14, // readSourceRunHistory (cadences)
  9, // readFunnelCounts: 8 days + settle time
  57, // readConflictRows: national profile, 55 days before the last settled day (+2)
);

/** Least number of days a table the status or the detectors read may be kept (0: for ever). */
export const MIN_RETENTION_DAYS = LONGEST_LOOKBACK_DAYS + 3;

/** Least number of days for history nothing computes from (resolved alerts, ended silences). */
export const MIN_HISTORY_RETENTION_DAYS = 1;

/** Days to keep each kind of row; 0 keeps them for ever. */
export interface RetentionSettings {
  /** `RETENTION_ARTICLES_DAYS`, by `fetched_at`. @default 90 */
  articlesDays: number;
  /** `RETENTION_EVENTS_DAYS`, conflict events by `created_at` (and `event_date`). @default 180 */
  eventsDays: number;
  /** `RETENTION_RUNS_DAYS`, pipeline runs (with their stages) by `started_at`. @default 90 */
  runsDays: number;
  /** `RETENTION_SOURCE_RUNS_DAYS`, by `started_at`. @default 90 */
  sourceRunsDays: number;
  /** `RETENTION_QUALITY_METRICS_DAYS`, `data_quality_metrics` by `timestamp`. @default 90 */
  qualityMetricsDays: number;
  /** `RETENTION_RESOLVED_ALERTS_DAYS`, resolved alerts by `resolved_at`. @default 180 */
  resolvedAlertsDays: number;
  /** `RETENTION_EXPIRED_SILENCES_DAYS`, silences by their end. @default 30 */
  expiredSilencesDays: number;
  /** `RETENTION_INTERVAL` (seconds) in ms between passes. @default 3_600_000 */
  intervalMs: number;
}

/** Every setting's variable, default and floor (used by `config.ts` and the docs). */
export const RETENTION_VARIABLES: ReadonlyArray<{
  key: Exclude<keyof RetentionSettings, 'intervalMs'>;
  variable: string;
  defaultDays: number;
  minDays: number;
}> = [
  {
    key: 'articlesDays',
    variable: 'RETENTION_ARTICLES_DAYS',
    defaultDays: 90,
    minDays: MIN_RETENTION_DAYS,
  },
  {
    key: 'eventsDays',
    variable: 'RETENTION_EVENTS_DAYS',
    defaultDays: 180,
    minDays: MIN_RETENTION_DAYS,
  },
  {
    key: 'runsDays',
    variable: 'RETENTION_RUNS_DAYS',
    defaultDays: 90,
    minDays: MIN_RETENTION_DAYS,
  },
  {
    key: 'sourceRunsDays',
    variable: 'RETENTION_SOURCE_RUNS_DAYS',
    defaultDays: 90,
    minDays: MIN_RETENTION_DAYS,
  },
  {
    key: 'qualityMetricsDays',
    variable: 'RETENTION_QUALITY_METRICS_DAYS',
    defaultDays: 90,
    minDays: MIN_RETENTION_DAYS,
  },
  {
    key: 'resolvedAlertsDays',
    variable: 'RETENTION_RESOLVED_ALERTS_DAYS',
    defaultDays: 180,
    minDays: MIN_HISTORY_RETENTION_DAYS,
  },
  {
    key: 'expiredSilencesDays',
    variable: 'RETENTION_EXPIRED_SILENCES_DAYS',
    defaultDays: 30,
    minDays: MIN_HISTORY_RETENTION_DAYS,
  },
];
