import { sleep } from '../retry-delay';

/**
 * Politeness: requests to one host start at least `minIntervalMs` apart, whatever the number
 * of sources on that host. Hosts do not wait for each other.
 */
export class HostRateLimiter {
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  // The time the next request to each host may start; reserved before waiting, so concurrent
  // callers queue up instead of all waking at once.
  readonly #nextStartMs = new Map<string, number>();

  /**
   * @param minIntervalMs gap between the starts of two requests to the same host.
   * @param now clock, for tests.
   */
  constructor(minIntervalMs: number, now: () => number = Date.now) {
    this.#minIntervalMs = minIntervalMs;
    this.#now = now;
  }

  /** Waits for the host's turn, then returns; the caller sends its request right away. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const now = this.#now();
    const start = Math.max(now, this.#nextStartMs.get(host) ?? 0);
    this.#nextStartMs.set(host, start + this.#minIntervalMs);
    // Timers may fire early against the wall clock (libuv measures from its cached loop
    // time), so wait until the clock really says it is our turn.
    for (let t = now; t < start; t = this.#now()) await sleep(start - t, signal);
  }
}
