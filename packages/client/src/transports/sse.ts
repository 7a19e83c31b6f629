import { MonitorClientError, toNetworkError } from '../errors';
import { FrameReader } from '../delta-reader';
import type { ResolvedOptions } from '../options';
import { sseUrl } from '../urls';
import { refusalOf } from './http-response';
import { SseParser } from './sse-parser';
import type { Transport, TransportCallbacks, TransportEnd } from './transport';

/**
 * Server-Sent Events read over `fetch` streaming. Unlike `EventSource` it sees the HTTP status,
 * so a 401 stops the client and a 503's `Retry-After` is honoured, and it needs no dependency on
 * Node. It never reconnects by itself: the client decides.
 */
export class SseTransport implements Transport {
  readonly name = 'sse';
  readonly #abort = new AbortController();
  readonly #callbacks: TransportCallbacks;
  #closed = false;

  constructor(options: ResolvedOptions, callbacks: TransportCallbacks) {
    this.#callbacks = callbacks;
    void this.#run(options);
  }

  refresh(): Promise<boolean> {
    return Promise.resolve(false); // one-way stream: the client fetches over HTTP instead
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
  }

  async #run(options: ResolvedOptions): Promise<void> {
    const fetch = options.fetch;
    if (fetch === null) {
      await Promise.resolve();
      return this.#end({
        reason: 'failed',
        error: toNetworkError('SSE', 'no fetch implementation'),
        retryAfterMs: null,
      });
    }
    let response: Response;
    try {
      // The token rides in the query (as EventSource must do it), which keeps this a simple
      // CORS request with no preflight.
      response = await fetch(sseUrl(options.baseUrl, options.token, options.protocol), {
        headers: { Accept: 'text/event-stream' },
        signal: this.#abort.signal,
        cache: 'no-store',
      });
    } catch (error) {
      return this.#end({
        reason: 'failed',
        error: toNetworkError('SSE', error),
        retryAfterMs: null,
      });
    }
    if (this.#closed) {
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    const refusal = refusalOf(response, 'SSE');
    if (refusal !== null) {
      void response.body?.cancel().catch(() => undefined);
      return this.#end(refusal);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('text/event-stream') || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      return this.#end({
        reason: 'failed',
        error: new MonitorClientError(
          'protocol',
          `SSE: expected text/event-stream, got "${contentType}"`,
        ),
        retryAfterMs: null,
      });
    }

    const frames = new FrameReader();
    const parser = new SseParser((event) => {
      if (this.#closed) return;
      const frame = frames.read(event.data);
      if (frame.kind === 'update') this.#callbacks.onUpdate(frame.update);
      else if (frame.kind === 'error') this.#callbacks.onError(frame.error);
      // A one-way stream cannot ask for the full document: a new stream starts with one.
      else if (frame.kind === 'resync')
        this.#end({ reason: 'rotation', error: frame.error, retryAfterMs: null });
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.#closed) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      return this.#end({
        reason: 'failed',
        error: toNetworkError('SSE stream', error),
        retryAfterMs: null,
      });
    } finally {
      reader.releaseLock();
    }
    this.#end({
      reason: 'failed',
      error: new MonitorClientError('network', 'SSE: the server ended the stream'),
      retryAfterMs: null,
    });
  }

  #end(end: TransportEnd): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.#callbacks.onEnd(end);
  }
}
