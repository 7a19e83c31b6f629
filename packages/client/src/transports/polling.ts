import type { ResolvedOptions } from '../options';
import { fetchStatus } from './http-status';
import type { Transport, TransportCallbacks } from './transport';

/**
 * HTTP polling with `ETag`/`If-None-Match`: one request every `pollIntervalMs`, timed from the
 * end of the previous one so slow answers never pile up. A failed poll is reported and the
 * loop goes on; only a refused token (401/403) ends it.
 */
export class PollingTransport implements Transport {
  readonly name = 'polling';
  readonly #options: ResolvedOptions;
  readonly #callbacks: TransportCallbacks;
  readonly #abort = new AbortController();
  #etag: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;
  #closed = false;

  constructor(options: ResolvedOptions, callbacks: TransportCallbacks) {
    this.#options = options;
    this.#callbacks = callbacks;
    void this.#poll();
  }

  async refresh(): Promise<boolean> {
    if (this.#closed) return false;
    await this.#poll();
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Polls now, unless a poll is already under way (then waits for that one). */
  #poll(): Promise<void> {
    if (this.#inFlight !== null) return this.#inFlight;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#inFlight = this.#once().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #once(): Promise<void> {
    const result = await fetchStatus(this.#options, this.#etag, this.#abort.signal);
    if (this.#closed) return;
    let delayMs = this.#options.pollIntervalMs;
    switch (result.kind) {
      case 'ok':
        this.#etag = result.etag;
        this.#callbacks.onUpdate(result.update);
        break;
      case 'not-modified':
        this.#callbacks.onNotModified();
        break;
      case 'refused':
        if (result.end.reason === 'unauthorized') {
          this.close();
          this.#callbacks.onEnd(result.end);
          return;
        }
        if (result.end.error !== null) this.#callbacks.onError(result.end.error);
        delayMs = Math.max(delayMs, result.end.retryAfterMs ?? 0);
        break;
    }
    // The callbacks above may have closed this transport (the client switched away).
    if (!this.#closed) this.#timer = setTimeout(() => void this.#poll(), delayMs);
  }
}
