/**
 * Calendar days as `YYYY-MM-DD` keys in Nigerian time. `conflict_events.event_date` is a local
 * date, and Africa/Lagos is UTC+1 all year (no daylight saving), so a fixed offset is exact.
 */

/** Minutes east of UTC of the days the pipeline reports in (Africa/Lagos). */
export const LAGOS_UTC_OFFSET_MINUTES = 60;

const DAY_MS = 86_400_000;

/** The `YYYY-MM-DD` local day that contains `time`. */
export function dayKeyOf(time: Date, offsetMinutes = LAGOS_UTC_OFFSET_MINUTES): string {
  return new Date(time.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The day `days` after `day` (negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Start of local day `day` as an instant. */
export function dayStart(day: string, offsetMinutes = LAGOS_UTC_OFFSET_MINUTES): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000);
}

/** Day of the week of `day`, 0 = Sunday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
