import { formatClock } from '../format';
import type { TimeRange } from './types';

/** How a range reads on a button and in a panel heading. */
export const RANGE_LABELS: Readonly<Record<TimeRange, string>> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
};

/**
 * What a panel's figures cover: "last 7 d" live, "1 h to 03:12" in replay (the window ends at
 * the replayed moment).
 */
export function describeWindow(range: TimeRange, at: string | null): string {
  if (!at) return `last ${RANGE_LABELS[range]}`;
  return `${RANGE_LABELS[range]} to ${formatClock(Date.parse(at))}`;
}
