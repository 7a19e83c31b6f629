import type { FastifyBaseLogger as Logger } from 'fastify';

/** At most one summary line (and one error line) per this many ms. */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * Logging of refused live connections without letting unauthenticated peers choose the log
 * volume: each refusal is a `debug` line; at `warn`, at most one summary per interval with the
 * counts by reason since the last one, and at most one line per interval for an unexpected
 * error (with the count of the others). Operators see that refusals happen and why; a flood
 * costs a counter increment per handshake.
 */
export class RefusalLog {
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #intervalMs: number;
  #counts: Record<string, number> = {};
  #summaryAt = -Infinity;
  #errorAt = -Infinity;
  #errorsSince = 0;

  /**
   * @param now monotonic clock (ms)
   * @param intervalMs @default {@link REFUSAL_LOG_INTERVAL_MS}
   */
  constructor(log: Logger, now: () => number, intervalMs = REFUSAL_LOG_INTERVAL_MS) {
    this.#log = log;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** A live connection was refused for `reason`. */
  refused(reason: string, fields: Record<string, unknown>): void {
    this.#log.debug({ ...fields, reason }, 'live connection refused');
    this.#counts[reason] = (this.#counts[reason] ?? 0) + 1;
    const now = this.#now();
    if (now - this.#summaryAt < this.#intervalMs) return;
    this.#log.warn(
      {
        refused: this.#counts,
        sinceMs: Number.isFinite(this.#summaryAt) ? Math.round(now - this.#summaryAt) : undefined,
      },
      'live connections refused (counts by reason; details at debug)',
    );
    this.#summaryAt = now;
    this.#counts = {};
  }

  /** Handling a connection attempt threw; the connection was dropped. */
  failed(error: unknown, fields: Record<string, unknown>): void {
    const now = this.#now();
    this.#errorsSince += 1;
    if (now - this.#errorAt < this.#intervalMs) {
      this.#log.debug({ ...fields, err: error }, 'live connection attempt failed; dropped');
      return;
    }
    this.#log.warn(
      { ...fields, err: error, failures: this.#errorsSince },
      'live connection attempt failed; dropped (further ones this minute at debug)',
    );
    this.#errorAt = now;
    this.#errorsSince = 0;
  }
}
