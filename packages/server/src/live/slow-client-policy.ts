/** When a live client counts as slow, and how long it may stay so. */
export interface SlowClientPolicy {
  /**
   * Bytes queued in the process for one client above which it is skipped: it gets no update
   * now and only the newest one once it has drained. @default 65536
   */
  maxBufferedBytes: number;
  /** A client skipped continuously for this long is closed (1013). @default 30000 */
  maxStuckMs: number;
}

/** Default thresholds: 64 KiB is about twenty status documents. */
export const DEFAULT_SLOW_CLIENT_POLICY: SlowClientPolicy = {
  maxBufferedBytes: 64 * 1024,
  maxStuckMs: 30_000,
};

/** What to do with one update for one client. */
export type Delivery = 'send' | 'skip' | 'close';

/**
 * Decides delivery from the client's backlog: send when it is under the threshold; otherwise
 * skip (updates are state, the next one replaces this one), or close once it has been
 * skipped since `skippedSince` for longer than the policy allows.
 */
export function decideDelivery(
  bufferedBytes: number,
  skippedSince: number | null,
  now: number,
  policy: SlowClientPolicy,
): Delivery {
  if (bufferedBytes <= policy.maxBufferedBytes) return 'send';
  if (skippedSince !== null && now - skippedSince >= policy.maxStuckMs) return 'close';
  return 'skip';
}
