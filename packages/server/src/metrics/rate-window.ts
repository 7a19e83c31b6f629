/**
 * Counts events over the last minute in one-second buckets, for "per minute" and "per second"
 * figures of the JSON summary (Prometheus computes its own rates from the counters).
 */
export class RateWindow {
  readonly #buckets = new Float64Array(60);
  readonly #now: () => number;
  #second: number;

  /** @param now clock in ms (monotonic or wall, as long as it does not go back) */
  constructor(now: () => number) {
    this.#now = now;
    this.#second = Math.floor(now() / 1000);
  }

  /** Adds `count` events now. */
  add(count = 1): void {
    this.#advance();
    this.#buckets[this.#second % 60]! += count;
  }

  /** Events in the last 60 seconds. */
  perMinute(): number {
    this.#advance();
    let total = 0;
    for (const count of this.#buckets) total += count;
    return total;
  }

  /** Average events per second over the last 60 seconds. */
  perSecond(): number {
    return this.perMinute() / 60;
  }

  #advance(): void {
    const second = Math.floor(this.#now() / 1000);
    const elapsed = Math.min(60, second - this.#second);
    for (let i = 1; i <= elapsed; i++) this.#buckets[(this.#second + i) % 60] = 0;
    if (elapsed > 0) this.#second = second;
  }
}
