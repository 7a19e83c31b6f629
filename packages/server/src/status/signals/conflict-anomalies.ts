import { countTest } from './count-tests';
import { addDays, dayKeyOf, dayStart, LAGOS_UTC_OFFSET_MINUTES, weekdayOf } from './day-keys';
import { robustSpread, trimmedMean } from './statistics';
import type { Signal, SourceDayActivity, StateDayCount } from './types';
import { weeklyProfile } from './weekly-profile';

/**
 * Conflict-signal anomalies: event spikes and drops per Nigerian state against that state's
 * own daily baseline, kept apart from pipeline health.
 *
 * Method (per state, per tested day D):
 *   level      20 %-trimmed mean of the state's daily counts over the `historyDays` before D,
 *              each divided by its day-of-week factor (national weekly profile);
 *   expected   level × factor(weekday of D), never below `minExpected`;
 *   dispersion robust (MAD) variance of the Pearson residuals, at least 1 (Poisson);
 *   test       negative-binomial tail (Poisson when dispersion is 1) below `alpha`, and at
 *              least `minDelta` events away from expected.
 * Sensitivity: `alpha` is the false-alarm chance per state and day on data that follows its
 * baseline; the default 1e-4 is about a 3.7 σ one-sided threshold, so 37 states over a year
 * give about one false alarm per direction.
 *
 * Days: D is the latest local day that ended `settleHours` ago (reports of a day keep arriving
 * for hours); it is tested both ways. Later days are incomplete and only tested for spikes
 * (their count can only grow). A drop in a state whose usual sources were not fetching that
 * day is a `coverage_gap`, not calm; so is a state whose usual sources are silent right now.
 * Events of a source added after the data began count only once the source has been seen for
 * `warmupDays + historyDays`, so adding a source never looks like a spike and its first days
 * (a feed's backfill) never sit in a baseline.
 */

/** Tuning of {@link detectConflictAnomalies}. */
export interface ConflictOptions {
  /** @default 14 */
  historyDays?: number;
  /** @default 7 */
  minPoints?: number;
  /** @default 1e-4 */
  alpha?: number;
  /** @default 3 */
  minDelta?: number;
  /** @default 0.25 */
  minExpected?: number;
  /**
   * Drops are tested only where at least this many events were expected.
   * @default 5
   */
  minDropExpected?: number;
  /** @default 6 */
  settleHours?: number;
  /** @default 3 */
  warmupDays?: number;
  /**
   * Share of a state's usual reports whose sources were dark that makes a drop a coverage gap.
   * @default 0.5
   */
  coverageShare?: number;
  /** @default 60 (Africa/Lagos) */
  utcOffsetMinutes?: number;
  /**
   * Most states tested, those with the most events first. `state` is free text on ingest, so
   * without a bound a flood of invented names would multiply the work, the anomalies and the
   * alert records of every computation. Nigeria has 37 (36 and the FCT). @default 60
   */
  maxStates?: number;
}

const DEFAULTS: Required<ConflictOptions> = {
  historyDays: 14,
  minPoints: 7,
  alpha: 1e-4,
  minDelta: 3,
  minExpected: 0.25,
  minDropExpected: 5,
  settleHours: 6,
  warmupDays: 3,
  coverageShare: 0.5,
  utcOffsetMinutes: LAGOS_UTC_OFFSET_MINUTES,
  maxStates: 60,
};

/** Rows the conflict detector reads. */
export interface ConflictInput {
  /** Events per (day, state, source) covering the history before the tested days, and after. */
  counts: readonly StateDayCount[];
  /** National events per day over about 8 weeks, for the weekday profile. */
  nationalDaily: ReadonlyArray<{ day: string; events: number }>;
  /** When each source was first seen (added, first fetched); events are evidence too. */
  sourceFirstSeen: ReadonlyMap<string, Date>;
  /** Fetch outcomes per source and day, for coverage gaps on past days. */
  activity: readonly SourceDayActivity[];
  /** Sources silent right now for a reason other than a quiet day. */
  silentSourceIds: ReadonlySet<string>;
}

/** Which days to query for: from `from` through `to` (the current local day). */
export function conflictQueryDays(
  now: Date,
  options: ConflictOptions = {},
): { from: string; to: string; settled: string } {
  const o = { ...DEFAULTS, ...options };
  const settled = lastSettledDay(now, o);
  return {
    from: addDays(settled, -(o.historyDays + o.warmupDays + 1)),
    to: dayKeyOf(now, o.utcOffsetMinutes),
    settled,
  };
}

function lastSettledDay(now: Date, o: Required<ConflictOptions>): string {
  return addDays(
    dayKeyOf(new Date(now.getTime() - o.settleHours * 3_600_000), o.utcOffsetMinutes),
    -1,
  );
}

interface Baseline {
  expected: number;
  dispersion: number;
  points: number;
  /** Share of the state's baseline events per source. */
  sourceShares: Map<string | null, number>;
}

function severityOf(pValue: number, ratio: number, alpha: number): Signal['severity'] {
  if (pValue < alpha * 1e-3 && (ratio >= 3 || ratio <= 1 / 3)) return 'high';
  if (pValue < alpha * 0.1) return 'medium';
  return 'low';
}

/** Spike, drop and coverage-gap anomalies per state at `now`. */
export function detectConflictAnomalies(
  input: ConflictInput,
  now: Date,
  options: ConflictOptions = {},
): Signal[] {
  const o = { ...DEFAULTS, ...options };
  const today = dayKeyOf(now, o.utcOffsetMinutes);
  const settled = lastSettledDay(now, o);

  // First sight of each source: the earliest of its configuration, its runs and its events.
  const firstSeen = new Map<string, string>();
  for (const [id, time] of input.sourceFirstSeen)
    firstSeen.set(id, dayKeyOf(time, o.utcOffsetMinutes));
  for (const row of input.counts) {
    if (row.sourceId === null || row.events <= 0) continue;
    const seen = firstSeen.get(row.sourceId);
    if (seen === undefined || row.day < seen) firstSeen.set(row.sourceId, row.day);
  }
  // Sources there from the start of the data are the reference, not newcomers.
  const epoch = [...firstSeen.values()].sort()[0];
  const founding = epoch === undefined ? '' : addDays(epoch, o.warmupDays);
  const cutoffs = new Map<string, string>();
  const matureOn = (sourceId: string | null, baselineStart: string) => {
    if (sourceId === null) return true;
    const seen = firstSeen.get(sourceId);
    if (seen === undefined || seen <= founding) return true;
    let cutoff = cutoffs.get(baselineStart);
    if (cutoff === undefined)
      cutoffs.set(baselineStart, (cutoff = addDays(baselineStart, -o.warmupDays)));
    return seen <= cutoff;
  };

  const profile = weeklyProfile(input.nationalDaily.filter((row) => row.day <= settled));
  const factor = (day: string) => profile[weekdayOf(day)]!;

  // counts[state][day][source]
  const byState = new Map<string, Map<string, Map<string | null, number>>>();
  for (const row of input.counts) {
    if (row.state === null || row.state === '') continue;
    let days = byState.get(row.state);
    if (!days) byState.set(row.state, (days = new Map<string, Map<string | null, number>>()));
    let sources = days.get(row.day);
    if (!sources) days.set(row.day, (sources = new Map<string | null, number>()));
    sources.set(row.sourceId, (sources.get(row.sourceId) ?? 0) + row.events);
  }

  const baselineDays = (testDay: string) => {
    const last = testDay <= settled ? addDays(testDay, -1) : settled;
    return Array.from({ length: o.historyDays }, (_, index) => addDays(last, -index)).reverse();
  };

  // Days the mature sources covered at all (nationally): a day with no events anywhere is a
  // pipeline outage, not a baseline point of zero.
  const coveredByStart = new Map<string, Set<string>>();
  const coveredDays = (days: readonly string[], baselineStart: string) => {
    let covered = coveredByStart.get(baselineStart);
    if (!covered) {
      covered = new Set<string>();
      for (const row of input.counts) {
        if (row.events > 0 && matureOn(row.sourceId, baselineStart)) covered.add(row.day);
      }
      coveredByStart.set(baselineStart, covered);
    }
    return days.filter((day) => covered.has(day));
  };

  const countOn = (state: string, day: string, baselineStart: string) => {
    let total = 0;
    for (const [sourceId, events] of byState.get(state)?.get(day) ?? []) {
      if (matureOn(sourceId, baselineStart)) total += events;
    }
    return total;
  };

  const baselineFor = (state: string, testDay: string): Baseline | null => {
    const window = baselineDays(testDay);
    const start = window[0]!;
    const days = coveredDays(window, start);
    if (days.length < o.minPoints) return null;
    const adjusted = days.map((day) => countOn(state, day, start) / factor(day));
    const level = trimmedMean(adjusted);
    const residuals = days.map((day) => {
      const e = Math.max(level * factor(day), o.minExpected);
      return (countOn(state, day, start) - e) / Math.sqrt(e);
    });
    const spread = robustSpread(residuals);
    const shares = new Map<string | null, number>();
    let total = 0;
    for (const day of days) {
      for (const [sourceId, events] of byState.get(state)?.get(day) ?? []) {
        if (!matureOn(sourceId, start)) continue;
        shares.set(sourceId, (shares.get(sourceId) ?? 0) + events);
        total += events;
      }
    }
    for (const [key, value] of shares) shares.set(key, total > 0 ? value / total : 0);
    return {
      expected: Math.max(level * factor(testDay), o.minExpected),
      dispersion: Math.min(25, Math.max(1, Number.isFinite(spread) ? spread * spread : 1)),
      points: days.length,
      sourceShares: shares,
    };
  };

  const activityOn = new Map<string, SourceDayActivity>();
  const healthyDays = new Map<string, number>();
  for (const row of input.activity) {
    activityOn.set(`${row.sourceId}|${row.day}`, row);
    if (row.healthyRuns > 0)
      healthyDays.set(row.sourceId, (healthyDays.get(row.sourceId) ?? 0) + 1);
  }
  // Dark on a day: not fetched successfully that day, though it usually is (runs are tracked).
  const darkShare = (baseline: Baseline, day: string /* a day key, or 'now' */) => {
    let share = 0;
    const dark: string[] = [];
    for (const [sourceId, value] of baseline.sourceShares) {
      if (sourceId === null) continue;
      const isDark =
        day === 'now'
          ? input.silentSourceIds.has(sourceId)
          : (healthyDays.get(sourceId) ?? 0) * 2 >= baseline.points &&
            (activityOn.get(`${sourceId}|${day}`)?.healthyRuns ?? 0) === 0;
      if (isDark) {
        share += value;
        dark.push(sourceId);
      }
    }
    return { share, dark };
  };

  const signals: Signal[] = [];
  const testDays: string[] = [];
  for (let day = settled; day <= today; day = addDays(day, 1)) testDays.push(day);

  for (const state of busiestStates(byState, o.maxStates)) {
    let spike: Signal | null = null;
    let low: Signal | null = null;
    for (const day of testDays) {
      const baseline = baselineFor(state, day);
      if (!baseline) continue;
      const start = baselineDays(day)[0]!;
      const observed = countOn(state, day, start);
      const complete = day <= settled;
      const since = dayStart(day, o.utcOffsetMinutes);
      const expectedText = baseline.expected.toFixed(1);
      const result = countTest(observed, baseline.expected, baseline.dispersion, {
        alpha: o.alpha,
        minDelta: o.minDelta,
        allowDrop: complete && baseline.expected >= o.minDropExpected,
      });
      const ratio = observed / baseline.expected;
      const gap = complete ? darkShare(baseline, day) : null;
      if (result.direction === 'spike') {
        spike = {
          kind: 'event_spike',
          subject: `state:${state}`,
          labels: { state },
          severity: severityOf(result.pValue, ratio, o.alpha),
          observed,
          expected: Math.round(baseline.expected * 10) / 10,
          since,
          description:
            `${state}: ${observed} conflict events on ${day}${complete ? '' : ' so far'}, ` +
            `baseline ${expectedText} a day (${ratio.toFixed(1)}×, p=${result.pValue.toExponential(1)})`,
        };
      } else if (
        gap &&
        gap.share >= o.coverageShare &&
        observed < baseline.expected * 0.5 &&
        baseline.expected >= 1
      ) {
        low = {
          kind: 'coverage_gap',
          subject: `state:${state}`,
          labels: { state },
          severity: gap.share >= 0.9 && baseline.expected >= o.minDropExpected ? 'high' : 'medium',
          observed,
          expected: Math.round(baseline.expected * 10) / 10,
          since,
          description:
            `${state}: ${observed} events on ${day}, baseline ${expectedText}, but sources carrying ` +
            `${Math.round(gap.share * 100)} % of its reports were not fetching (${gap.dark.join(', ')}): a coverage gap, not calm`,
        };
      } else if (result.direction === 'drop') {
        low = {
          kind: 'event_drop',
          subject: `state:${state}`,
          labels: { state },
          severity: severityOf(result.pValue, ratio, o.alpha),
          observed,
          expected: Math.round(baseline.expected * 10) / 10,
          since,
          description: `${state}: ${observed} conflict events on ${day}, baseline ${expectedText} a day (p=${result.pValue.toExponential(1)})`,
        };
      }
      if (day === today && baseline.expected >= 1 && observed < baseline.expected) {
        // Sources silent right now leave today's picture of the state blind.
        const current = darkShare(baseline, 'now');
        if (current.share >= o.coverageShare) {
          low = {
            kind: 'coverage_gap',
            subject: `state:${state}`,
            labels: { state },
            severity: current.share >= 0.9 ? 'high' : 'medium',
            observed,
            expected: Math.round(baseline.expected * 10) / 10,
            since,
            description:
              `${state}: sources carrying ${Math.round(current.share * 100)} % of its reports are silent ` +
              `(${current.dark.join(', ')}); ${observed} events today so far, baseline ${expectedText} a day`,
          };
        }
      }
    }
    if (spike) signals.push(spike);
    if (low) signals.push(low);
  }
  return signals;
}

/** The `limit` states with the most events, in name order (stable output). */
function busiestStates(
  byState: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string | null, number>>>,
  limit: number,
): string[] {
  const states = [...byState.keys()];
  if (states.length > limit) {
    const total = (state: string) => {
      let events = 0;
      for (const sources of byState.get(state)!.values())
        for (const count of sources.values()) events += count;
      return events;
    };
    const totals = new Map(states.map((state) => [state, total(state)]));
    states.sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
    states.length = limit;
  }
  return states.sort();
}
