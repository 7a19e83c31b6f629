import type { ConsoleApi } from './api';
import type { HistoryItem, TimeRange } from './types';
import { useResource } from './use-resource';

export const RANGE_MS: Record<TimeRange, number> = {
  '1h': 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
};

/** At most this many pages of 2000 publications (about 1 MB) for one strip. */
const MAX_PAGES = 10;

/**
 * Overall status over the range for the timeline. Reloaded when the range changes or every
 * `bucketMs` (a minute), not at every live update: the strip moves slowly.
 */
export function useStatusHistory(api: ConsoleApi, range: TimeRange, nowMs: number) {
  const bucketMs = 60_000;
  const toMs = Math.ceil(nowMs / bucketMs) * bucketMs;
  const fromMs = toMs - RANGE_MS[range];
  const answer = useResource<HistoryItem[]>(`${range}|${toMs}`, async () => {
    // Oldest first, so a long range takes several pages; bounded, newest pages last.
    const items: HistoryItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await api.history(new Date(fromMs), new Date(toMs), cursor);
      items.push(...answer.items);
      if (!answer.next_cursor) break;
      cursor = answer.next_cursor;
    }
    return items;
  });
  return { ...answer, fromMs, toMs };
}
