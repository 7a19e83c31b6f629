import { describe, expect, it } from 'vitest';
import {
  conflictSeries,
  nationalDaily,
  random,
  type SyntheticSeries,
} from '../../../test/support/synthetic-series';
import { detectConflictAnomalies, type ConflictInput } from './conflict-anomalies';
import { dayStart } from './day-keys';
import type { StateDayCount } from './types';

/** What the database would hold at midday of `series.days[index]`: today half reported. */
function viewAt(series: SyntheticSeries, index: number, extra: Partial<ConflictInput> = {}) {
  const today = series.days[index]!;
  const counts: StateDayCount[] = series.counts
    .filter((row) => row.day <= today)
    .map((row) => (row.day === today ? { ...row, events: Math.floor(row.events / 2) } : row));
  const now = new Date(dayStart(today).getTime() + 12 * 3_600_000);
  const input: ConflictInput = {
    counts,
    nationalDaily: nationalDaily(counts),
    sourceFirstSeen: new Map(),
    activity: series.activity.filter((row) => row.day <= today),
    silentSourceIds: new Set(),
    ...extra,
  };
  return { input, now };
}

const scale = (
  series: SyntheticSeries,
  day: string,
  state: string,
  factor: number,
): SyntheticSeries => ({
  ...series,
  counts: series.counts.map((row) =>
    row.day === day && row.state === state
      ? { ...row, events: Math.round(row.events * factor) }
      : row,
  ),
});

describe('conflict anomalies', () => {
  it.each([1, 2, 3])(
    'stays silent on a clean 60-day series with weekly seasonality (seed %i)',
    (seed) => {
      const series = conflictSeries(seed);
      const found: string[] = [];
      for (let index = 16; index < series.days.length; index += 1) {
        const { input, now } = viewAt(series, index);
        for (const signal of detectConflictAnomalies(input, now))
          found.push(`${series.days[index]}: ${signal.description}`);
      }
      expect(found).toEqual([]);
    },
  );

  it('reports a spike in one state against its own baseline', () => {
    const series = scale(conflictSeries(1), '2026-02-20', 'Borno', 3);
    const { input, now } = viewAt(series, series.days.indexOf('2026-02-21'));
    const signals = detectConflictAnomalies(input, now);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'event_spike', labels: { state: 'Borno' } });
    expect(signals[0]!.observed).toBeGreaterThan(signals[0]!.expected * 2);
    expect(signals[0]!.since).toEqual(dayStart('2026-02-20'));
  });

  it('tests at most maxStates states, the busiest, so invented state names cannot flood it', () => {
    const base = conflictSeries(1);
    const totals = new Map<string, number>();
    for (const row of base.counts) totals.set(row.state, (totals.get(row.state) ?? 0) + row.events);
    const [busiest] = [...totals].sort((a, b) => b[1] - a[1])[0]!;
    const quiet = busiest === 'Borno' ? 'Kaduna' : 'Borno';
    const series = scale(base, '2026-02-20', quiet, 3);
    const { input, now } = viewAt(series, series.days.indexOf('2026-02-21'));
    expect(detectConflictAnomalies(input, now).map((s) => s.labels.state)).toEqual([quiet]);
    // Only the busiest state is tested: the spike elsewhere is out of bounds.
    expect(detectConflictAnomalies(input, now, { maxStates: 1 })).toEqual([]);
  });

  it('reports a spike on the current day as soon as the partial count is clearly too high', () => {
    const base = conflictSeries(2);
    // 40 more reports today, half of them in by midday.
    const series = {
      ...base,
      counts: [
        ...base.counts,
        { day: '2026-02-21', state: 'Kaduna', sourceId: 'punch', events: 40 },
      ],
    };
    const { input, now } = viewAt(series, series.days.indexOf('2026-02-21'));
    const signals = detectConflictAnomalies(input, now);
    expect(signals.map((s) => [s.kind, s.labels.state])).toEqual([['event_spike', 'Kaduna']]);
  });

  it('a small state needs a real burst: 2 events where there are usually none is not a spike', () => {
    const series = conflictSeries(3);
    const day = '2026-02-20';
    const withTwo: SyntheticSeries = {
      ...series,
      counts: [
        ...series.counts.filter((row) => !(row.day === day && row.state === 'Kebbi')),
        { day, state: 'Kebbi', sourceId: 'punch', events: 2 },
      ],
    };
    const { input, now } = viewAt(withTwo, withTwo.days.indexOf('2026-02-21'));
    expect(detectConflictAnomalies(input, now)).toEqual([]);
    const withTen = {
      ...withTwo,
      counts: [...withTwo.counts, { day, state: 'Kebbi', sourceId: 'punch', events: 8 }],
    };
    const second = viewAt(withTen, withTen.days.indexOf('2026-02-21'));
    expect(detectConflictAnomalies(second.input, second.now).map((s) => s.kind)).toEqual([
      'event_spike',
    ]);
  });

  it('reports a drop on a settled day', () => {
    const series = scale(conflictSeries(1), '2026-02-18', 'Borno', 0.05);
    const { input, now } = viewAt(series, series.days.indexOf('2026-02-19'));
    const signals = detectConflictAnomalies(input, now);
    expect(signals.map((s) => [s.kind, s.labels.state])).toEqual([['event_drop', 'Borno']]);
  });

  it('calls a quiet state whose sources were not fetching a coverage gap, not calm', () => {
    const day = '2026-02-18';
    const base = conflictSeries(1);
    const series: SyntheticSeries = {
      ...base,
      counts: base.counts.filter((row) => !(row.day === day && row.sourceId === 'dailytrust')),
      activity: base.activity.map((row) =>
        row.day === day && row.sourceId === 'dailytrust' ? { ...row, healthyRuns: 0 } : row,
      ),
    };
    const { input, now } = viewAt(series, series.days.indexOf('2026-02-19'));
    const signals = detectConflictAnomalies(input, now);
    expect(signals.map((s) => [s.kind, s.labels.state])).toEqual([['coverage_gap', 'Zamfara']]);
    expect(signals[0]!.description).toContain('dailytrust');
  });

  it('reports a coverage gap today when the usual sources are silent right now', () => {
    const base = conflictSeries(2);
    const today = base.days[50]!;
    const series = {
      ...base,
      counts: base.counts.filter((row) => !(row.day === today && row.sourceId === 'dailytrust')),
    };
    const { input, now } = viewAt(series, 50, { silentSourceIds: new Set(['dailytrust']) });
    const signals = detectConflictAnomalies(input, now);
    // Zamfara hears 80 % of its news from dailytrust, Sokoto half: both are blind, Kano (30 %) is not.
    expect(signals.map((s) => [s.kind, s.labels.state])).toEqual([
      ['coverage_gap', 'Sokoto'],
      ['coverage_gap', 'Zamfara'],
    ]);
    expect(detectConflictAnomalies(viewAt(series, 50).input, now)).toEqual([]);
  });

  it('ignores the first days of a newly added source (no artificial spike)', () => {
    const base = conflictSeries(1);
    const rand = random(99);
    const added = base.days.slice(45).map((day) => ({
      day,
      state: 'Lagos',
      sourceId: 'newsource',
      events: 12 + Math.floor(rand() * 6),
    }));
    const series = { ...base, counts: [...base.counts, ...added] };
    const firstSeen = new Map([['newsource', dayStart('2026-02-15')]]);
    const found: string[] = [];
    for (let index = 45; index < series.days.length; index += 1) {
      const { input, now } = viewAt(series, index, { sourceFirstSeen: firstSeen });
      for (const signal of detectConflictAnomalies(input, now)) found.push(signal.description);
    }
    expect(found).toEqual([]);
    // Without the warm-up (the source "always existed") the same data is a spike in Lagos.
    const { input, now } = viewAt(series, 47, {
      sourceFirstSeen: new Map([['newsource', dayStart('2025-12-01')]]),
    });
    expect(detectConflictAnomalies(input, now).map((s) => [s.kind, s.labels.state])).toContainEqual(
      ['event_spike', 'Lagos'],
    );
  });

  it('needs at least 7 baseline days', () => {
    const series = scale(conflictSeries(1, '2026-01-01', 7), '2026-01-06', 'Borno', 5);
    const { input, now } = viewAt(series, 6);
    expect(detectConflictAnomalies(input, now)).toEqual([]);
    const longer = scale(conflictSeries(1, '2026-01-01', 10), '2026-01-09', 'Borno', 5);
    const view = viewAt(longer, 9);
    expect(detectConflictAnomalies(view.input, view.now).map((s) => s.kind)).toEqual([
      'event_spike',
    ]);
  });
});
