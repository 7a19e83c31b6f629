import type { Alert, OverallStatus } from '@naija-monitor/protocol';

/**
 * The overall status as alerts see it: `unhealthy` while a critical alert fires, `degraded`
 * on a firing warning (medium or high) or when the data is stale, `healthy` otherwise, and
 * `unknown` when there is no data at all. Recovering alerts still count (they are firing
 * until keep-firing-for runs out); low alerts are informational.
 */
export function overallFromAlerts(input: {
  alerts: readonly Alert[];
  stale: boolean;
  hasData: boolean;
}): OverallStatus {
  if (!input.hasData) return 'unknown';
  const active = input.alerts.filter(
    (alert) =>
      alert.state === undefined || alert.state === 'firing' || alert.state === 'recovering',
  );
  if (active.some((alert) => alert.severity === 'critical')) return 'unhealthy';
  if (
    input.stale ||
    active.some((alert) => alert.severity === 'high' || alert.severity === 'medium')
  )
    return 'degraded';
  return 'healthy';
}
