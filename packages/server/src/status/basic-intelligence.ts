import type { Alert, Anomaly } from '@naija-monitor/protocol';
import type { Intelligence, IntelligenceInput } from './intelligence';
import { isPipelineOverdue, pipelineOverdueAfterMs } from './overall-status';

/**
 * The simple anomalies and alerts, read straight off the rows: failed runs, failing or silent
 * sources, low data quality. Pure and stateless (no history, every alert `firing`); ids are
 * stable for as long as the condition holds, so clients can key on them. The rich evaluator
 * (baselines, lifecycle, history) replaces this through the `IntelligenceEvaluator` seam.
 */
export function evaluateBasicIntelligence(input: IntelligenceInput): Intelligence {
  const { rows, core, now, policy } = input;
  const anomalies: Anomaly[] = [];
  const alerts: Alert[] = [];

  const run = rows.latestRun;
  if (run?.state === 'failed') {
    const at = (run.finished_at ?? run.started_at).toISOString();
    alerts.push({
      id: `pipeline_run_failed:${run.id}`,
      type: 'pipeline_run_failed',
      severity: 'high',
      title: 'Latest pipeline run failed',
      message: run.error ?? 'The latest pipeline run ended in failure without an error message',
      timestamp: at,
      state: 'firing',
      fingerprint: 'pipeline_run_failed',
      since: at,
    });
  }

  const enabled = rows.sources.filter((source) => source.enabled);
  const failing = enabled.filter((source) => source.latest_state === 'failed');
  const haveRun = enabled.filter((source) => source.latest_state !== null);
  if (failing.length >= 2 && failing.length === haveRun.length) {
    const since = new Date(Math.max(...failing.map((s) => s.latest_started_at?.getTime() ?? 0)));
    alerts.push({
      id: 'all_sources_failing',
      type: 'all_sources_failing',
      severity: 'critical',
      title: 'Every source is failing',
      message: `All ${failing.length} enabled sources failed on their latest run`,
      timestamp: since.toISOString(),
      state: 'firing',
      fingerprint: 'all_sources_failing',
      since: since.toISOString(),
      observed: failing.length,
      expected: 0,
    });
  }
  for (const source of failing) {
    const at = (source.latest_finished_at ?? source.latest_started_at ?? now).toISOString();
    // A source with no success at all in the window is down, not flaky.
    const down = source.window_succeeded === 0;
    alerts.push({
      id: `source_failed:${source.id}`,
      type: 'source_failed',
      severity: down ? 'high' : 'medium',
      title: `Source ${source.name} failed`,
      message: source.latest_error ?? 'The latest run failed without an error message',
      timestamp: at,
      state: 'firing',
      fingerprint: `source_failed:${source.id}`,
      since: at,
      observed: source.window_failed,
      expected: 0,
    });
  }

  for (const source of enabled) {
    if (!source.latest_started_at) continue;
    const silentMs = now.getTime() - source.latest_started_at.getTime();
    const limitMs = source.expected_interval_seconds * 1000 * policy.overdueAfterIntervals;
    if (silentMs <= limitMs) continue;
    anomalies.push({
      id: `source_silent:${source.id}`,
      type: 'source_silent',
      severity: 'medium',
      description: `${source.name} has not run for ${duration(silentMs)} (expected every ${duration(
        source.expected_interval_seconds * 1000,
      )})`,
      timestamp: new Date(source.latest_started_at.getTime() + limitMs).toISOString(),
      subject: source.id,
      observed: Math.floor(silentMs / 1000),
      expected: source.expected_interval_seconds,
      since: source.latest_started_at.toISOString(),
    });
  }

  const limitMs = pipelineOverdueAfterMs(rows, policy);
  if (run && limitMs !== null && isPipelineOverdue(rows, now, policy)) {
    const silentMs = now.getTime() - run.started_at.getTime();
    anomalies.push({
      id: 'pipeline_stalled',
      type: 'pipeline_stalled',
      severity: 'high',
      description: `No pipeline run has started for ${duration(silentMs)}`,
      timestamp: new Date(run.started_at.getTime() + limitMs).toISOString(),
      subject: 'pipeline',
      observed: Math.floor(silentMs / 1000),
      expected: Math.floor(limitMs / 1000),
      since: run.started_at.toISOString(),
    });
  }

  const quality = core.data_quality;
  if (quality.status === 'warning' || quality.status === 'error') {
    const rates = [quality.geocoding_success_rate, quality.validation_pass_rate].filter(
      (rate): rate is number => rate !== null,
    );
    const lowest = rates.length > 0 ? Math.min(...rates) : undefined;
    const at = quality.measured_at ?? core.timestamp;
    alerts.push({
      id: 'data_quality_low',
      type: 'data_quality_low',
      severity: quality.status === 'error' ? 'high' : 'medium',
      title: quality.status === 'error' ? 'Data quality is poor' : 'Data quality is slipping',
      message: `Geocoding ${rateText(quality.geocoding_success_rate)}, validation ${rateText(
        quality.validation_pass_rate,
      )} (from ${quality.basis === 'metrics' ? 'the quality metrics' : 'the extracted events'})`,
      timestamp: at,
      state: 'firing',
      fingerprint: 'data_quality_low',
      since: at,
      ...(lowest === undefined ? {} : { observed: lowest, expected: policy.qualityWarningRate }),
    });
  }

  return { anomalies, alerts };
}

function rateText(rate: number | null): string {
  return rate === null ? 'n/a' : `${rate}%`;
}

/** A short human duration: 45 s, 12 min, 3.5 h, 2.1 d. */
function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 360) / 10} h`;
  return `${Math.round(seconds / 8640) / 10} d`;
}
