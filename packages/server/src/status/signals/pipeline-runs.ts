import { median, robustSpread } from './statistics';
import type { PipelineRunRow, Signal } from './types';

/**
 * Whole-pipeline run signals: stalled (no run for twice the schedule, or a run stuck), the
 * latest run failed, and a run slower than its baseline. The schedule is learned from the gaps
 * between run starts, with the sources' shortest configured interval as the fallback.
 */

/** Tuning of {@link detectRunSignals}. */
export interface RunSignalOptions {
  /**
   * No run for this many schedules is a stall.
   * @default 2
   */
  stallFactor?: number;
  /**
   * Schedule used until the history has enough gaps (the shortest configured source interval).
   * @default 3_600_000
   */
  fallbackScheduleMs?: number;
  /**
   * A run is slow above `max(median × slowFactor, median + 4 × spread, median + minSlowDeltaMs)`.
   * @default 2
   */
  slowFactor?: number;
  /** @default 10_000 */
  minSlowDeltaMs?: number;
  /**
   * Finished runs needed before duration and schedule baselines are trusted.
   * @default 5
   */
  minHistory?: number;
}

const DEFAULTS: Required<RunSignalOptions> = {
  stallFactor: 2,
  fallbackScheduleMs: 3_600_000,
  slowFactor: 2,
  minSlowDeltaMs: 10_000,
  minHistory: 5,
};

const durationOf = (run: PipelineRunRow) => run.finishedAt!.getTime() - run.startedAt.getTime();

/** Learned run schedule (median gap between starts) or the fallback. */
export function learnSchedule(
  runsNewestFirst: readonly PipelineRunRow[],
  options: RunSignalOptions = {},
): number {
  const o = { ...DEFAULTS, ...options };
  const gaps = runsNewestFirst
    .slice(1)
    .map((run, index) => runsNewestFirst[index]!.startedAt.getTime() - run.startedAt.getTime());
  return gaps.length >= o.minHistory - 1 ? Math.max(median(gaps), 1000) : o.fallbackScheduleMs;
}

/** Signals from the latest pipeline runs (newest first; the last few dozen suffice). */
export function detectRunSignals(
  runsNewestFirst: readonly PipelineRunRow[],
  now: Date,
  options: RunSignalOptions = {},
): Signal[] {
  const o = { ...DEFAULTS, ...options };
  const latest = runsNewestFirst[0];
  if (!latest) return [];
  const signals: Signal[] = [];
  const scheduleMs = learnSchedule(runsNewestFirst, o);
  const finished = runsNewestFirst.filter(
    (run) => run.finishedAt !== null && run.state !== 'running',
  );
  // Baseline durations from successful runs only: failures are often fast or cut short.
  const baseline = finished.filter((run) => run.state === 'succeeded').map(durationOf);
  const medianMs = baseline.length >= o.minHistory ? median(baseline) : null;
  const slowLimitMs =
    medianMs === null
      ? null
      : Math.max(
          medianMs * o.slowFactor,
          medianMs + 4 * robustSpread(baseline),
          medianMs + o.minSlowDeltaMs,
        );

  const sinceLastStartMs = now.getTime() - latest.startedAt.getTime();
  if (sinceLastStartMs > scheduleMs * o.stallFactor) {
    signals.push({
      kind: 'pipeline_stalled',
      subject: 'pipeline',
      labels: {},
      severity: 'high',
      observed: Math.round(sinceLastStartMs / 1000),
      expected: Math.round(scheduleMs / 1000),
      since: latest.startedAt,
      description: `No pipeline run for ${Math.round(sinceLastStartMs / 60_000)} min; runs usually start every ${Math.round(scheduleMs / 60_000)} min`,
    });
  }

  const current = runsNewestFirst.find((run) => run.state === 'running' && run.finishedAt === null);
  if (current && slowLimitMs !== null && medianMs !== null) {
    const runningMs = now.getTime() - current.startedAt.getTime();
    if (runningMs > slowLimitMs) {
      signals.push({
        kind: 'run_slow',
        subject: 'pipeline',
        labels: {},
        severity:
          runningMs > Math.max(scheduleMs * o.stallFactor, slowLimitMs * 2) ? 'high' : 'medium',
        observed: Math.round(runningMs / 1000),
        expected: Math.round(medianMs / 1000),
        since: current.startedAt,
        description: `Run ${current.id.slice(0, 8)} has been running for ${Math.round(runningMs / 1000)} s; runs usually take ${Math.round(medianMs / 1000)} s`,
      });
    }
  }

  const lastFinished = finished[0];
  if (lastFinished && (lastFinished.state === 'failed' || lastFinished.state === 'partial')) {
    const failedStreak = finished.findIndex((run) => run.state === 'succeeded');
    const streak = failedStreak === -1 ? finished.length : failedStreak;
    signals.push({
      kind: 'run_failed',
      subject: 'pipeline',
      labels: { outcome: lastFinished.state },
      severity: lastFinished.state === 'failed' ? 'high' : 'medium',
      observed: streak,
      expected: 0,
      since: finished[streak - 1]?.finishedAt ?? lastFinished.finishedAt,
      description:
        `The latest pipeline run ${lastFinished.state === 'failed' ? 'failed' : 'finished partially'}` +
        (lastFinished.error ? `: ${lastFinished.error}` : '') +
        (streak > 1 ? ` (${streak} runs in a row)` : ''),
    });
  } else if (lastFinished && slowLimitMs !== null && medianMs !== null && !current) {
    const tookMs = durationOf(lastFinished);
    if (tookMs > slowLimitMs) {
      signals.push({
        kind: 'run_slow',
        subject: 'pipeline',
        labels: {},
        severity: 'medium',
        observed: Math.round(tookMs / 1000),
        expected: Math.round(medianMs / 1000),
        since: lastFinished.startedAt,
        description: `The latest run took ${Math.round(tookMs / 1000)} s; runs usually take ${Math.round(medianMs / 1000)} s`,
      });
    }
  }
  return signals;
}
