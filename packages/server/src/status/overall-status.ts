import type { Alert, OverallStatus } from '@naija-monitor/protocol';
import type { StatusRows } from '../store/status-queries';
import type { StatusCore } from './intelligence';
import type { StatusPolicy } from './status-policy';

const RANK: Record<OverallStatus, number> = { unknown: 0, healthy: 1, degraded: 2, unhealthy: 3 };

/** The worst of `statuses`; `unknown` only when nothing is known. */
export function worstStatus(statuses: readonly OverallStatus[]): OverallStatus {
  return statuses.reduce<OverallStatus>(
    (worst, s) => (RANK[s] > RANK[worst] ? s : worst),
    'unknown',
  );
}

/**
 * How long the pipeline may go without a run: the policy's number of intervals of the most
 * frequent enabled source. Null when no source is enabled (nothing is expected to run).
 */
export function pipelineOverdueAfterMs(rows: StatusRows, policy: StatusPolicy): number | null {
  const intervals = rows.sources.filter((s) => s.enabled).map((s) => s.expected_interval_seconds);
  if (intervals.length === 0) return null;
  return Math.min(...intervals) * 1000 * policy.overdueAfterIntervals;
}

/** Whether the newest run started longer ago than {@link pipelineOverdueAfterMs}. */
export function isPipelineOverdue(rows: StatusRows, now: Date, policy: StatusPolicy): boolean {
  const limitMs = pipelineOverdueAfterMs(rows, policy);
  if (limitMs === null || rows.latestRun === null) return false;
  return now.getTime() - rows.latestRun.started_at.getTime() > limitMs;
}

/** Health of the runs themselves: the latest run's outcome, its stages, and whether it is overdue. */
export function pipelineStatus(rows: StatusRows, now: Date, policy: StatusPolicy): OverallStatus {
  const run = rows.latestRun;
  if (!run) return 'unknown';
  if (run.state === 'failed') return 'unhealthy';
  if (run.state === 'partial') return 'degraded';
  if (rows.stages.some((stage) => stage.state === 'failed')) return 'degraded';
  if (isPipelineOverdue(rows, now, policy)) return 'degraded';
  return 'healthy';
}

/** Health of scraping: failing sources and the success rate over the window. */
export function scrapingStatus(core: StatusCore, policy: StatusPolicy): OverallStatus {
  const scraping = core.scraping_health;
  const enabled = scraping.sources.filter((source) => source.enabled);
  const haveRun = enabled.filter((source) => source.state !== 'never_run');
  if (haveRun.length > 0 && scraping.failed_sources === haveRun.length) return 'unhealthy';
  const rate = scraping.success_rate;
  if (rate !== null && rate < policy.unhealthySuccessRate) return 'unhealthy';
  if (scraping.failed_sources > 0) return 'degraded';
  if (rate !== null && rate < policy.degradedSuccessRate) return 'degraded';
  return rate === null && haveRun.length === 0 ? 'unknown' : 'healthy';
}

/** Health of the data: the quality verdict, whichever basis it came from. */
export function qualityRollUp(core: StatusCore): OverallStatus {
  switch (core.data_quality.status) {
    case 'error':
      return 'unhealthy';
    case 'warning':
      return 'degraded';
    case 'healthy':
      return 'healthy';
    case 'pending':
      return 'unknown';
  }
}

/**
 * What firing alerts say: a critical one makes the pipeline unhealthy, a warning (high or
 * medium) degraded; low alerts are informational. A recovering alert still fires: its
 * condition cleared, but it keeps firing until its keep-firing-for runs out (Prometheus'
 * `keep_firing_for`), so one good evaluation does not flip the verdict and back.
 */
export function alertsStatus(alerts: readonly Alert[]): OverallStatus {
  const firing = alerts.filter(
    (alert) =>
      alert.state === undefined || alert.state === 'firing' || alert.state === 'recovering',
  );
  if (firing.some((alert) => alert.severity === 'critical')) return 'unhealthy';
  if (firing.some((alert) => alert.severity === 'high' || alert.severity === 'medium'))
    return 'degraded';
  return 'unknown';
}

/** Overall status: the worst of the parts; `unknown` when no part has data. */
export function rollUpStatus(input: {
  rows: StatusRows;
  core: StatusCore;
  alerts: readonly Alert[];
  now: Date;
  policy: StatusPolicy;
}): OverallStatus {
  const parts = [
    pipelineStatus(input.rows, input.now, input.policy),
    scrapingStatus(input.core, input.policy),
    qualityRollUp(input.core),
  ];
  // Alerts can only make a known picture worse; alone they never turn `unknown` into a verdict.
  if (parts.every((part) => part === 'unknown')) return 'unknown';
  return worstStatus([...parts, alertsStatus(input.alerts)]);
}
