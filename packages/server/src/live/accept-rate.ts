/**
 * The server's accept rate for new live connections, all addresses together: a token bucket of
 * `perSecond` tokens (a burst of one second's worth) refilled continuously. It keeps a reconnect
 * storm (every client of a restarted server coming back at once) from starving the clients
 * already connected: handshakes beyond the rate are refused with 503 and a `Retry-After` that
 * grows with the crowd, so the refused spread themselves over the seconds the rate needs.
 */
export class AcceptRate {
  readonly #perSecond: number;
  readonly #now: () => number;
  readonly #random: () => number;
  #tokens: number;
  #updatedAt: number;
  #refusedInWindow = 0;
  #windowStartedAt: number;

  /**
   * @param perSecond handshakes accepted per second (`MAX_HANDSHAKES_PER_SECOND`)
   * @param now monotonic clock in ms
   * @param random jitter source in [0, 1)
   */
  constructor(perSecond: number, now: () => number, random: () => number = Math.random) {
    this.#perSecond = perSecond;
    this.#now = now;
    this.#random = random;
    this.#tokens = perSecond;
    this.#updatedAt = now();
    this.#windowStartedAt = this.#updatedAt;
  }

  /**
   * Takes one handshake. Returns 0 when accepted, else the whole seconds the caller should
   * wait: random between 1 and the seconds the rate needs to serve everyone refused in the
   * last second, so that many refused clients do not come back in the same second.
   */
  take(): number {
    const now = this.#now();
    this.#tokens = Math.min(
      this.#perSecond,
      this.#tokens + ((now - this.#updatedAt) * this.#perSecond) / 1000,
    );
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    if (now - this.#windowStartedAt >= 1000) {
      this.#windowStartedAt = now;
      this.#refusedInWindow = 0;
    }
    this.#refusedInWindow += 1;
    const spreadSeconds = Math.max(1, Math.ceil(this.#refusedInWindow / this.#perSecond));
    return 1 + Math.floor(this.#random() * spreadSeconds);
  }
}
