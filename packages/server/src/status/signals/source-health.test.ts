import { describe, expect, it } from 'vitest';
import { PIPELINE_EPOCH, sourceRunSeries } from '../../../test/support/synthetic-series';
import {
  classifySilence,
  detectSourceSignals,
  learnCadence,
  type SourceHistory,
} from './source-health';
import type { SourceRow, SourceRunRow } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const source = (id: string, extra: Partial<SourceRow> = {}): SourceRow => ({
  id,
  name: id.toUpperCase(),
  enabled: true,
  expectedIntervalSeconds: 3600,
  createdAt: PIPELINE_EPOCH,
  ...extra,
});

/** What the store would read at `now`: the latest 20 runs, the last productive one, a 14-day cadence. */
function historyAt(row: SourceRow, runs: readonly SourceRunRow[], now: Date): SourceHistory {
  const sorted = [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  let end = sorted.length;
  while (end > 0 && sorted[end - 1]!.startedAt > now) end -= 1;
  let start = end;
  while (start > 0 && sorted[start - 1]!.startedAt.getTime() > now.getTime() - 14 * DAY_MS)
    start -= 1;
  const window = sorted.slice(start, end);
  const recent = window.slice(-20).reverse();
  let lastProductive: SourceRunRow | undefined;
  for (let index = end - 1; index >= 0 && !lastProductive; index -= 1) {
    if (sorted[index]!.articlesNew > 0) lastProductive = sorted[index];
  }
  return {
    source: row,
    recentRuns: recent,
    lastProductiveAt: lastProductive?.startedAt ?? null,
    cadence: learnCadence(window),
  };
}

const at = (day: number, hour = 0) =>
  new Date(PIPELINE_EPOCH.getTime() + day * DAY_MS + hour * HOUR_MS);

/** Replaces the runs from `from` on with `make(run)`. */
const breakFrom = (
  runs: SourceRunRow[],
  from: Date,
  make: (run: SourceRunRow) => SourceRunRow | null,
) => runs.flatMap((run) => (run.startedAt >= from ? (make(run) ?? []) : [run]));

describe('source health', () => {
  it.each([1, 2, 3])('stays silent on 60 clean days of seasonal news (seed %i)', (seed) => {
    const rows = ['punch', 'vanguard', 'premium'].map((id) => source(id));
    const runs = rows.map((row, index) =>
      sourceRunSeries(seed * 10 + index, { sourceId: row.id, articlesPerHour: 1 + index }),
    );
    const found: string[] = [];
    for (let hour = 2 * 24; hour < 60 * 24; hour += 3) {
      const now = new Date(PIPELINE_EPOCH.getTime() + hour * HOUR_MS + 30 * 60_000);
      const signals = detectSourceSignals(
        rows.map((row, index) => historyAt(row, runs[index]!, now)),
        now,
      );
      for (const signal of signals) found.push(`${now.toISOString()} ${signal.description}`);
    }
    expect(found).toEqual([]);
  });

  it('learns the cadence of productive runs and keeps the configured interval as a floor', () => {
    const runs = sourceRunSeries(4, { sourceId: 'punch', articlesPerHour: 0.5, days: 14 });
    const cadence = learnCadence(runs);
    expect(cadence.samples).toBeGreaterThan(50);
    expect(cadence.productiveGapP90Ms!).toBeGreaterThan(2 * HOUR_MS);
    expect(cadence.durationMedianMs!).toBeGreaterThan(1000);
  });

  it('tells "fetch failing" from "nothing parsed" from "quiet news day" from "not running"', () => {
    const start = at(30, 12);
    const failing = breakFrom(sourceRunSeries(5, { sourceId: 's' }), start, (run) => ({
      ...run,
      state: 'failed',
      articlesNew: 0,
      articlesFound: 0,
      entriesSeen: 0,
      error: 'HTTP 503',
    }));
    const parsedNothing = breakFrom(sourceRunSeries(5, { sourceId: 's' }), start, (run) => ({
      ...run,
      state: 'empty',
      articlesNew: 0,
      articlesFound: 0,
      entriesSeen: 25,
    }));
    const quiet = breakFrom(sourceRunSeries(5, { sourceId: 's' }), start, (run) => ({
      ...run,
      state: 'empty',
      articlesNew: 0,
    }));
    const stopped = breakFrom(sourceRunSeries(5, { sourceId: 's' }), start, () => null);
    const now = at(31, 0);
    const describe = (runs: SourceRunRow[]) =>
      detectSourceSignals([historyAt(source('s'), runs, now)], now).filter(
        (signal) => signal.kind !== 'sources_silent',
      );
    expect(describe(failing)).toMatchObject([
      { kind: 'source_silent', labels: { cause: 'fetch_failing' }, severity: 'high' },
    ]);
    expect(describe(failing)[0]!.description).toContain('HTTP 503');
    expect(describe(parsedNothing)).toMatchObject([
      { kind: 'source_silent', labels: { cause: 'nothing_parsed' }, severity: 'high' },
    ]);
    expect(describe(quiet)).toMatchObject([
      { kind: 'source_silent', labels: { cause: 'quiet' }, severity: 'low' },
    ]);
    expect(describe(stopped)).toMatchObject([
      { kind: 'source_silent', labels: { cause: 'not_running' }, severity: 'medium' },
    ]);
    const signal = describe(failing)[0]!;
    expect(signal.observed).toBeGreaterThan(signal.expected);
    expect(signal.since!.getTime()).toBeLessThan(start.getTime());
  });

  it('says "failing" after 3 broken fetches, before the silence threshold', () => {
    const start = at(30, 12);
    const runs = breakFrom(sourceRunSeries(6, { sourceId: 's' }), start, (run) => ({
      ...run,
      state: 'failed',
      articlesNew: 0,
      error: 'ECONNRESET',
    }));
    const after2 = detectSourceSignals([historyAt(source('s'), runs, at(30, 13.5))], at(30, 13.5));
    expect(after2).toEqual([]);
    const after3 = detectSourceSignals([historyAt(source('s'), runs, at(30, 14.5))], at(30, 14.5));
    // A lone source failing is also the whole pipeline going dark.
    expect(after3).toMatchObject([
      { kind: 'source_failing', labels: { cause: 'fetch_failing' }, observed: 3 },
      { kind: 'sources_silent', observed: 0, expected: 1 },
    ]);
  });

  it('reports a fetch far slower than its own median', () => {
    const runs = sourceRunSeries(7, { sourceId: 's' });
    const now = at(40, 0);
    const slowRuns = runs.map((run) =>
      run.startedAt > at(39, 23) && run.startedAt <= now ? { ...run, durationMs: 45_000 } : run,
    );
    expect(detectSourceSignals([historyAt(source('s'), slowRuns, now)], now)).toMatchObject([
      { kind: 'source_slow', observed: 45_000 },
    ]);
  });

  it('adds a pipeline-wide signal when most sources are broken', () => {
    const rows = ['a', 'b', 'c'].map((id) => source(id));
    const start = at(30, 6);
    const runs = rows.map((row, index) => {
      const clean = sourceRunSeries(20 + index, { sourceId: row.id });
      return index < 2
        ? breakFrom(clean, start, (run) => ({
            ...run,
            state: 'failed',
            articlesNew: 0,
            error: 'DNS',
          }))
        : clean;
    });
    const now = at(30, 18);
    const signals = detectSourceSignals(
      rows.map((row, index) => historyAt(row, runs[index]!, now)),
      now,
    );
    expect(signals.map((s) => s.kind).sort()).toEqual([
      'source_silent',
      'source_silent',
      'sources_silent',
    ]);
    expect(signals.find((s) => s.kind === 'sources_silent')).toMatchObject({
      observed: 1,
      expected: 3,
    });
  });

  it('uses the configured interval as the floor for a source that rarely publishes', () => {
    const row = source('weekly', { expectedIntervalSeconds: 7 * 24 * 3600 });
    const runs = sourceRunSeries(8, { sourceId: 'weekly' }).filter((run) => run.startedAt < at(20));
    const now = at(25);
    // Five days without anything is fine for a source configured to publish weekly.
    expect(detectSourceSignals([historyAt(row, runs, now)], now)).toEqual([]);
  });

  it('ignores disabled sources', () => {
    const now = at(30);
    expect(
      detectSourceSignals([historyAt(source('off', { enabled: false }), [], now)], now),
    ).toEqual([]);
  });

  it('classifies with no runs at all as not running', () => {
    expect(classifySilence([])).toBe('not_running');
  });
});
