import { describe, expect, it } from 'vitest';
import { PIPELINE_EPOCH, random } from '../../../test/support/synthetic-series';
import { detectRunSignals, learnSchedule } from './pipeline-runs';
import type { PipelineRunRow } from './types';

const HOUR_MS = 3_600_000;

/** Hourly runs over `days` (a minute of jitter), each taking about 2 minutes, newest first. */
function runSeries(seed: number, days = 60): PipelineRunRow[] {
  const rand = random(seed);
  const runs: PipelineRunRow[] = [];
  for (let hour = 0; hour < days * 24; hour += 1) {
    const startedAt = new Date(
      PIPELINE_EPOCH.getTime() + hour * HOUR_MS + Math.floor(rand() * 60_000),
    );
    // Busier news hours take a little longer to process.
    const tookMs = Math.round(120_000 * (0.75 + rand() * 0.5));
    runs.push({
      id: `run-${hour}`,
      startedAt,
      finishedAt: new Date(startedAt.getTime() + tookMs),
      state: 'succeeded',
      error: null,
    });
  }
  return runs.reverse();
}

/** The latest 50 runs at `now`, as the store reads them. */
const latestAt = (runs: readonly PipelineRunRow[], now: Date) =>
  runs
    .filter((run) => run.startedAt <= now)
    .slice(0, 50)
    .map((run) =>
      run.finishedAt && run.finishedAt > now
        ? { ...run, finishedAt: null, state: 'running' as const }
        : run,
    );

describe('pipeline run signals', () => {
  it.each([1, 2])('stay silent over 60 clean days, checked every 10 minutes (seed %i)', (seed) => {
    const runs = runSeries(seed);
    const found: string[] = [];
    for (let minute = 60 * 6; minute < 60 * 24 * 60; minute += 10) {
      const now = new Date(PIPELINE_EPOCH.getTime() + minute * 60_000);
      for (const signal of detectRunSignals(latestAt(runs, now), now))
        found.push(`${now.toISOString()} ${signal.description}`);
    }
    expect(found).toEqual([]);
  });

  it('learns an hourly schedule, and falls back with little history', () => {
    const runs = runSeries(3, 2);
    expect(Math.abs(learnSchedule(runs) - HOUR_MS)).toBeLessThan(2 * 60_000);
    expect(learnSchedule(runs.slice(0, 2), { fallbackScheduleMs: 900_000 })).toBe(900_000);
  });

  it('reports a stall after twice the schedule without a run', () => {
    const runs = runSeries(4, 30);
    const last = runs[0]!;
    const soon = new Date(last.startedAt.getTime() + 100 * 60_000);
    expect(detectRunSignals(runs, soon)).toEqual([]);
    const late = new Date(last.startedAt.getTime() + 130 * 60_000);
    expect(detectRunSignals(runs, late)).toMatchObject([
      { kind: 'pipeline_stalled', since: last.startedAt, observed: 130 * 60 },
    ]);
  });

  it('reports the latest run failing, and clears when a run succeeds again', () => {
    const runs = runSeries(5, 30);
    const failed = [
      { ...runs[0]!, state: 'failed' as const, error: 'geocoder down' },
      ...runs.slice(1),
    ];
    const now = new Date(runs[0]!.finishedAt!.getTime() + 60_000);
    expect(detectRunSignals(failed, now)).toMatchObject([
      { kind: 'run_failed', severity: 'high', labels: { outcome: 'failed' }, observed: 1 },
    ]);
    expect(detectRunSignals(failed, now)[0]!.description).toContain('geocoder down');
    expect(detectRunSignals(runs, now)).toEqual([]);
  });

  it('reports a finished run far slower than its baseline, and a run still going too long', () => {
    const runs = runSeries(6, 30);
    const last = runs[0]!;
    const slow = [
      { ...last, finishedAt: new Date(last.startedAt.getTime() + 600_000) },
      ...runs.slice(1),
    ];
    const now = new Date(last.startedAt.getTime() + 700_000);
    expect(detectRunSignals(slow, now)).toMatchObject([{ kind: 'run_slow', observed: 600 }]);
    const stuck = [{ ...last, finishedAt: null, state: 'running' as const }, ...runs.slice(1)];
    expect(detectRunSignals(stuck, now)).toMatchObject([{ kind: 'run_slow', severity: 'medium' }]);
  });
});
