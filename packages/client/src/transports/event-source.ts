import { STATUS_PATCH_TYPE, STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';
import { MonitorClientError, toNetworkError } from '../errors';
import { FrameReader } from '../delta-reader';
import type { EventSourceLike, ResolvedOptions } from '../options';
import { sseUrl } from '../urls';
import type { Transport, TransportCallbacks } from './transport';

/**
 * SSE through a caller-supplied `EventSource` (the `EventSource` option). EventSource hides
 * HTTP statuses and reconnects on its own, so the first `error` closes it and hands the
 * decision back to the client, like every other failure.
 */
export class EventSourceTransport implements Transport {
  readonly name = 'sse';
  #source: EventSourceLike | null = null;
  #closed = false;
  readonly #callbacks: TransportCallbacks;

  constructor(options: ResolvedOptions, callbacks: TransportCallbacks) {
    this.#callbacks = callbacks;
    const EventSource = options.EventSource;
    try {
      if (EventSource === null) throw new Error('no EventSource implementation');
      this.#source = new EventSource(sseUrl(options.baseUrl, options.token, options.protocol));
    } catch (error) {
      queueMicrotask(() => this.#fail(toNetworkError('EventSource', error)));
      return;
    }
    const frames = new FrameReader();
    const onMessage = (event: { data: unknown }): void => {
      if (this.#closed) return;
      const frame = frames.read(event.data);
      if (frame.kind === 'update') this.#callbacks.onUpdate(frame.update);
      else if (frame.kind === 'error') this.#callbacks.onError(frame.error);
      // A one-way stream cannot ask for the full document: a new stream starts with one.
      else if (frame.kind === 'resync') {
        this.close();
        this.#callbacks.onEnd({ reason: 'rotation', error: frame.error, retryAfterMs: null });
      }
    };
    // Unnamed events arrive as `message`; a server may also name them after the envelope type.
    this.#source.addEventListener('message', onMessage);
    this.#source.addEventListener(STATUS_UPDATE_TYPE, onMessage);
    this.#source.addEventListener(STATUS_PATCH_TYPE, onMessage);
    this.#source.addEventListener('error', () =>
      this.#fail(new MonitorClientError('network', 'EventSource: connection failed or lost')),
    );
  }

  refresh(): Promise<boolean> {
    return Promise.resolve(false);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source?.close();
  }

  #fail(error: MonitorClientError): void {
    if (this.#closed) return;
    this.close();
    this.#callbacks.onEnd({ reason: 'failed', error, retryAfterMs: null });
  }
}
