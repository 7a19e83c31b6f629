/**
 * New live connections per client address, as a token bucket: each address may open
 * `perMinute` connections in a burst, then one every `60 000 / perMinute` ms. Buckets that are
 * full again are forgotten, so memory follows the number of recently active addresses.
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
   */
  constructor(perMinute: number, now: () => number) {
    this.#capacity = perMinute;
    this.#refillPerMs = perMinute / 60_000;
    this.#now = now;
    this.#lastPruneAt = now();
  }

  /** Takes one handshake for `address`. Returns 0 when allowed, else the seconds to wait. */
  take(address: string): number {
    const now = this.#now();
    this.#prune(now);
    const bucket = this.#buckets.get(address) ?? { tokens: this.#capacity, updatedAt: now };
    bucket.tokens = Math.min(
      this.#capacity,
      bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs,
    );
    bucket.updatedAt = now;
    this.#buckets.set(address, bucket);
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
