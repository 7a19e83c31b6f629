import { addDays, daysBetween, weekdayOf } from './day-keys';
import { median } from './statistics';

/**
 * Day-of-week factors of the national event series, by ratio to a centred 7-day moving
 * average (classical seasonal decomposition): news, and so reported conflict, dips at weekends.
 * The factors average 1; all are 1 until every weekday has `minWeeks` ratios, so a short
 * history never invents a pattern. Estimated on the national total because a state's own
 * series is too sparse to carry a weekly shape of its own.
 */
export function weeklyProfile(
  daily: ReadonlyArray<{ day: string; events: number }>,
  minWeeks = 3,
): number[] {
  const flat = [1, 1, 1, 1, 1, 1, 1];
  if (daily.length === 0) return flat;
  const byDay = new Map(daily.map((row) => [row.day, row.events]));
  const days = [...byDay.keys()].sort();
  const first = days[0]!;
  const span = daysBetween(first, days[days.length - 1]!) + 1;
  const series = Array.from({ length: span }, (_, index) => byDay.get(addDays(first, index)) ?? 0);
  const ratios: number[][] = [[], [], [], [], [], [], []];
  for (let index = 3; index < span - 3; index += 1) {
    let sum = 0;
    for (let offset = -3; offset <= 3; offset += 1) sum += series[index + offset]!;
    if (sum <= 0) continue;
    ratios[weekdayOf(addDays(first, index))]!.push(series[index]! / (sum / 7));
  }
  if (ratios.some((list) => list.length < minWeeks)) return flat;
  const factors = ratios.map((list) => Math.max(median(list), 0.05));
  const average = factors.reduce((sum, factor) => sum + factor, 0) / 7;
  return factors.map((factor) => factor / average);
}
