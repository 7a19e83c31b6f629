/** How retries back off: exponential from `baseDelayMs`, capped at `maxDelayMs`. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `retries + 1` attempts in all). */
  retries: number;
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Ceiling of any one delay. */
  maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (1-based): half fixed, half random ("equal jitter"), so
 * retries from many pipelines spread out but never come back immediately.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
