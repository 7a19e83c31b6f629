/**
 * Text for numbers, times and durations as the panels show them. Pure functions: the current
 * time is always passed in, so a panel renders the same text for the same props.
 */

const integerFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat('en', {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** Placeholder for a value the server did not report. */
export const NO_VALUE = '—';

/** `12,345`; {@link NO_VALUE} for null. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : integerFormat.format(value);
}

/** `1 event`, `2,004 events`: a count and its noun, plural unless the count is one. */
export function formatQuantity(value: number, singular: string, plural = `${singular}s`): string {
  return `${integerFormat.format(value)} ${value === 1 ? singular : plural}`;
}

/** Observed/expected figures may be counts or rates: one decimal only when there is one. */
export function formatFigure(value: number): string {
  return Number.isInteger(value) ? integerFormat.format(value) : value.toFixed(1);
}

/** `87.5%` (one decimal); {@link NO_VALUE} for null. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : `${percentFormat.format(value)}%`;
}

/** A duration in milliseconds: `0.42 ms`, `14.2 ms`, `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 10 min`. */
export function formatDurationMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  const seconds = value / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Bytes in binary units: `512 B`, `48.2 MiB`. */
export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${scaled} B` : `${scaled.toFixed(1)} ${units[unit]}`;
}

/** Whole seconds from `thenMs` to `nowMs`, never negative (clocks of two machines may differ). */
export function secondsSince(thenMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - thenMs) / 1000));
}

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`; {@link NO_VALUE} for null. */
export function formatAgo(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return NO_VALUE;
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return NO_VALUE;
  const seconds = secondsSince(thenMs, nowMs);
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** Wall-clock time `15:30:45` in the viewer's zone. */
export function formatClock(ms: number): string {
  return timeFormat.format(ms);
}

/** Full date and time with zone, for tooltips: `28 Jan 2026, 15:30:45 UTC`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return NO_VALUE;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? NO_VALUE : dateTimeFormat.format(ms);
}

/** `event_spike` → `Event spike`. */
export function humanize(identifier: string): string {
  const words = identifier.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
