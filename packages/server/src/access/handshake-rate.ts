import { addressBucket } from './ip-ranges';

/** Addresses tracked at most; beyond, the longest-idle one is forgotten. */
export const MAX_TRACKED_ADDRESSES = 100_000;

/**
 * New live connections per client address, as a token bucket: each address may open
 * `perMinute` connections in a burst, then one every `60 000 / perMinute` ms. IPv6 addresses
 * count per /64 ({@link addressBucket}). Buckets that are full again are forgotten, so memory
 * follows the number of recently active addresses, and never more than `maxTracked` of them.
 */
export class HandshakeRate {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; updatedAt: number }>();
  #lastPruneAt: number;

  /**
   * @param perMinute handshakes allowed per address per minute (`HANDSHAKES_PER_IP_PER_MINUTE`)
   * @param now monotonic clock in ms
   * @param maxTracked addresses tracked at most @default {@link MAX_TRACKED_ADDRESSES}
   */
  readonly #maxTracked: number;

  constructor(perMinute: number, now: () => number, maxTracked = MAX_TRACKED_ADDRESSES) {
    this.#maxTracked = maxTracked;
    this.#capacity = perMinute;
    this.#refillPerMs = perMinute / 60_000;
    this.#now = now;
    this.#lastPruneAt = now();
  }

  /** Takes one handshake for `address`. Returns 0 when allowed, else the seconds to wait. */
  take(address: string): number {
    const now = this.#now();
    this.#prune(now);
    const key = addressBucket(address);
    let bucket = this.#buckets.get(key);
    if (bucket) {
      // Re-inserted, so the map's order is least recently used first.
      this.#buckets.delete(key);
    } else {
      bucket = { tokens: this.#capacity, updatedAt: now };
      if (this.#buckets.size >= this.#maxTracked) {
        // Forgetting the longest-idle address gives it a full bucket again: a bounded map
        // matters more, and MAX_HANDSHAKES_PER_SECOND still caps the total.
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
    }
    bucket.tokens = Math.min(
      this.#capacity,
      bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs,
    );
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#refillPerMs / 1000));
  }

  /** Addresses currently tracked (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  #prune(now: number): void {
    if (now - this.#lastPruneAt < 60_000) return;
    this.#lastPruneAt = now;
    for (const [address, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs >= this.#capacity) {
        this.#buckets.delete(address);
      }
    }
  }
}
