import { performance } from 'node:perf_hooks';

/**
 * Wall-clock time in milliseconds with sub-millisecond resolution. Every bench process uses it,
 * so a send time taken in a server process and a receive time taken in a load-generator
 * process compare directly (same machine, same clock).
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `delayMs`. */
export function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
