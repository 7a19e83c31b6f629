/** `part / whole` as a percentage rounded to 0.1, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return roundRate((part / whole) * 100);
}

/** A percentage clamped to 0-100 and rounded to 0.1, so documents compare equal when data does. */
export function roundRate(rate: number | null): number | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return Math.round(Math.min(100, Math.max(0, rate)) * 10) / 10;
}

const HOUR_MS = 3_600_000;

/** Hours since the Unix epoch (UTC) of `time`: the bucket key the queries group by. */
export function hourIndex(time: Date): number {
  return Math.floor(time.getTime() / HOUR_MS);
}

/** Start of the UTC hour with index `hour`. */
export function hourStart(hour: number): Date {
  return new Date(hour * HOUR_MS);
}
