import type { Source } from '../config/sources';

/**
 * The enabled sources whose interval has passed since they last started (or that never ran),
 * most important first. Pure: the caller keeps `lastStartMs` and the clock.
 */
export function dueSources(
  sources: readonly Source[],
  lastStartMs: ReadonlyMap<string, number>,
  nowMs: number,
): Source[] {
  return sources
    .filter((s) => s.enabled)
    .filter((s) => {
      const last = lastStartMs.get(s.id);
      return last === undefined || nowMs - last >= s.expected_interval_seconds * 1000;
    })
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
}

/** Milliseconds until the next enabled source is due (0 if one is due now; null if none is enabled). */
export function msUntilNextDue(
  sources: readonly Source[],
  lastStartMs: ReadonlyMap<string, number>,
  nowMs: number,
): number | null {
  let soonest: number | null = null;
  for (const source of sources) {
    if (!source.enabled) continue;
    const last = lastStartMs.get(source.id);
    const wait =
      last === undefined ? 0 : Math.max(0, last + source.expected_interval_seconds * 1000 - nowMs);
    soonest = soonest === null ? wait : Math.min(soonest, wait);
  }
  return soonest;
}
