import type {
  SourceDayActivity,
  SourceRunRow,
  StateDayCount,
} from '../../src/status/signals/types';
import { addDays } from '../../src/status/signals/day-keys';

/** Seeded PRNG (mulberry32): the same seed gives the same series on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw (Knuth for small means, normal approximation above 50). */
export function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= rand();
  } while (p > limit);
  return k - 1;
}

/** Weekday multipliers (Sunday first): reporting dips at weekends. */
export const WEEKLY = [0.55, 1.05, 1.15, 1.15, 1.1, 1.05, 0.75];

/** A state's mean events per day and which sources report it (shares add up to 1). */
export interface SyntheticState {
  name: string;
  level: number;
  sources: Record<string, number>;
}

/** Default states: a spread of volumes from Borno's dozen a day to Kebbi's one every few days. */
export const STATES: SyntheticState[] = [
  { name: 'Borno', level: 12, sources: { punch: 0.4, vanguard: 0.4, premium: 0.2 } },
  { name: 'Zamfara', level: 8, sources: { dailytrust: 0.8, punch: 0.2 } },
  { name: 'Kaduna', level: 6, sources: { punch: 0.5, vanguard: 0.3, dailytrust: 0.2 } },
  { name: 'Benue', level: 5, sources: { vanguard: 0.6, premium: 0.4 } },
  { name: 'Kano', level: 4, sources: { dailytrust: 0.3, punch: 0.7 } },
  { name: 'Lagos', level: 3, sources: { punch: 0.5, vanguard: 0.5 } },
  { name: 'Plateau', level: 2, sources: { premium: 1 } },
  { name: 'Sokoto', level: 1, sources: { dailytrust: 0.5, punch: 0.5 } },
  { name: 'Kebbi', level: 0.3, sources: { punch: 1 } },
];

/** A generated series: events per (day, state, source) and daily fetch activity per source. */
export interface SyntheticSeries {
  days: string[];
  counts: StateDayCount[];
  activity: SourceDayActivity[];
}

/** `dayCount` days of Poisson events from `firstDay`, with weekly seasonality. */
export function conflictSeries(
  seed: number,
  firstDay = '2026-01-01',
  dayCount = 60,
  states = STATES,
): SyntheticSeries {
  const rand = random(seed);
  const days = Array.from({ length: dayCount }, (_, index) => addDays(firstDay, index));
  const counts: StateDayCount[] = [];
  const sources = new Set<string>();
  for (const day of days) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const state of states) {
      for (const [sourceId, share] of Object.entries(state.sources)) {
        sources.add(sourceId);
        const events = poisson(rand, state.level * share * WEEKLY[weekday]!);
        if (events > 0) counts.push({ day, state: state.name, sourceId, events });
      }
    }
  }
  const activity = days.flatMap((day) =>
    [...sources].map((sourceId) => ({ sourceId, day, runs: 24, healthyRuns: 24 })),
  );
  return { days, counts, activity };
}

/** National totals per day of `counts`. */
export function nationalDaily(
  counts: readonly StateDayCount[],
): Array<{ day: string; events: number }> {
  const totals = new Map<string, number>();
  for (const row of counts) totals.set(row.day, (totals.get(row.day) ?? 0) + row.events);
  return [...totals].map(([day, events]) => ({ day, events }));
}

/** Start of the synthetic pipeline history: a Thursday, midnight UTC. */
export const PIPELINE_EPOCH = new Date('2026-01-01T00:00:00Z');
const HOUR_MS = 3_600_000;

/** News volume by hour (Lagos time) and weekday: little at night, less at weekends. */
export function newsRate(time: Date): number {
  const hour = (time.getUTCHours() + 1) % 24;
  const weekday = new Date(time.getTime() + HOUR_MS).getUTCDay();
  const diurnal = hour < 6 ? 0.25 : hour < 9 ? 0.8 : hour < 21 ? 1.2 : 0.6;
  return diurnal * WEEKLY[weekday]!;
}

/** Options of {@link sourceRunSeries}. */
export interface SourceRunSeriesOptions {
  sourceId: string;
  /** Mean new articles per hour at rate 1. @default 3 */
  articlesPerHour?: number;
  /** @default 60 */
  days?: number;
  /** Typical fetch duration. @default 2000 */
  durationMs?: number;
}

/** Hourly fetches of one source over `days`, with a few seconds of jitter and seasonal news. */
export function sourceRunSeries(seed: number, options: SourceRunSeriesOptions): SourceRunRow[] {
  const rand = random(seed);
  const days = options.days ?? 60;
  const durationMs = options.durationMs ?? 2000;
  const runs: SourceRunRow[] = [];
  for (let hour = 0; hour < days * 24; hour += 1) {
    const startedAt = new Date(
      PIPELINE_EPOCH.getTime() + hour * HOUR_MS + Math.floor(rand() * 60_000),
    );
    // A real feed sometimes times out: 2 % of fetches fail at random.
    if (rand() < 0.02) {
      runs.push({
        sourceId: options.sourceId,
        state: 'failed',
        startedAt,
        finishedAt: new Date(startedAt.getTime() + 10_000),
        durationMs: 10_000,
        entriesSeen: 0,
        articlesFound: 0,
        articlesNew: 0,
        error: 'timeout',
      });
      continue;
    }
    const fresh = poisson(rand, (options.articlesPerHour ?? 3) * newsRate(startedAt));
    const took = Math.round(durationMs * (0.7 + rand() * 0.6));
    runs.push({
      sourceId: options.sourceId,
      state: fresh > 0 ? 'succeeded' : 'empty',
      startedAt,
      finishedAt: new Date(startedAt.getTime() + took),
      durationMs: took,
      entriesSeen: 30,
      articlesFound: 30,
      articlesNew: fresh,
      error: null,
    });
  }
  return runs;
}
