/** Fill buckets of the map: 0 is "no events", 1..5 rise with the count (log scale). */
export const BUCKETS = 6;

/**
 * The bucket of a state's event count against the busiest state. Logarithmic, because one
 * busy state would otherwise leave every other state in the lowest bucket.
 */
export function bucketOf(events: number, max: number): number {
  if (events <= 0 || max <= 0) return 0;
  const share = Math.log1p(events) / Math.log1p(max);
  return Math.min(BUCKETS - 1, Math.max(1, Math.ceil(share * (BUCKETS - 1))));
}

/** Order of the states in the table and the summary: most events first, then by name. */
export function busiestFirst(
  a: { state: string; events: number },
  b: { state: string; events: number },
): number {
  return b.events - a.events || a.state.localeCompare(b.state);
}

/** "12 events · geocoded: 8 to an LGA, 3 to the state, 1 not at all". */
export function precisionMix(precision: { lga: number; state: number; none: number }): string {
  return `geocoded: ${precision.lga} to an LGA, ${precision.state} to the state only, ${precision.none} not placed`;
}
