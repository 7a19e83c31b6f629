/**
 * Reconnect delays: exponential backoff with "full jitter", the variant that spreads a crowd of
 * clients best after a server restart (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */

/** Base of the exponential schedule. */
export const DEFAULT_BACKOFF_BASE_MS = 1000;
/** Ceiling of the exponential schedule. */
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/**
 * The delay before the next try: a uniform pick in `[0, min(maxMs, baseMs * 2 ** attempt))`.
 * `attempt` is the number of consecutive failures so far (0 after a connection that worked
 * dropped), so the ceilings run 1 s, 2 s, 4 s, 8 s, ... up to `maxMs`. `random` returns a number
 * in `[0, 1)`, like `Math.random`; values outside are clamped so a bad source cannot stall the client.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  baseMs: number = DEFAULT_BACKOFF_BASE_MS,
  maxMs: number = DEFAULT_BACKOFF_MAX_MS,
): number {
  return Math.floor(clampUnit(random()) * backoffCeilingMs(attempt, baseMs, maxMs));
}

/** The upper bound (exclusive) of `backoffDelayMs` for an attempt. */
export function backoffCeilingMs(
  attempt: number,
  baseMs: number = DEFAULT_BACKOFF_BASE_MS,
  maxMs: number = DEFAULT_BACKOFF_MAX_MS,
): number {
  const safeAttempt = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  // 2 ** 1100 is Infinity, and Math.min handles that, so large attempts need no special case.
  return Math.min(maxMs, baseMs * 2 ** safeAttempt);
}

function clampUnit(value: number): number {
  if (!(value >= 0)) return 0; // also catches NaN
  return value >= 1 ? 1 - Number.EPSILON : value;
}
