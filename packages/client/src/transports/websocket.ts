import { CLOSE_CODES } from '@naija-monitor/protocol';
import { MonitorClientError, toNetworkError } from '../errors';
import { readFrame } from '../normalize';
import type { ResolvedOptions, WebSocketLike } from '../options';
import { websocketUrl } from '../urls';
import type { Transport, TransportCallbacks, TransportEnd } from './transport';

const OPEN = 1;

/**
 * The WebSocket transport. The server sends an update as soon as the socket opens, so the
 * client counts the connection as working only once that first update arrives.
 */
export class WebSocketTransport implements Transport {
  readonly name = 'websocket';
  #socket: WebSocketLike | null = null;
  #closed = false;
  readonly #callbacks: TransportCallbacks;

  constructor(options: ResolvedOptions, callbacks: TransportCallbacks) {
    this.#callbacks = callbacks;
    const WebSocket = options.WebSocket;
    try {
      if (WebSocket === null) throw new Error('no WebSocket implementation');
      this.#socket = new WebSocket(websocketUrl(options.baseUrl, options.token));
    } catch (error) {
      // Report on a later tick: the client is still inside its call to the factory.
      queueMicrotask(() =>
        this.#end({
          reason: 'failed',
          error: toNetworkError('WebSocket', error),
          retryAfterMs: null,
        }),
      );
      return;
    }
    const socket = this.#socket;
    socket.addEventListener('message', (event) => {
      if (this.#closed) return;
      const frame = readFrame(event.data);
      if (frame.kind === 'update') this.#callbacks.onUpdate(frame.update);
      else if (frame.kind === 'error') this.#callbacks.onError(frame.error);
    });
    socket.addEventListener('close', (event) => this.#end(endFromClose(event.code, event.reason)));
    // An error is always followed by close, which carries the code; nothing to do here, but `ws`
    // throws when an 'error' is emitted with no listener, so one must stay attached.
    socket.addEventListener('error', () => undefined);
  }

  refresh(): Promise<boolean> {
    const socket = this.#socket;
    if (this.#closed || socket === null || socket.readyState !== OPEN)
      return Promise.resolve(false);
    socket.send(JSON.stringify({ type: 'refresh' }));
    return Promise.resolve(true);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket?.close(CLOSE_CODES.NORMAL);
    } catch {
      // Closing a socket that is already closing cannot fail in a way that matters here.
    }
  }

  #end(end: TransportEnd): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#callbacks.onEnd(end);
  }
}

/** What a close code means for the client (the table in `@naija-monitor/protocol` close-codes). */
export function endFromClose(code: number, reason: string): TransportEnd {
  const detail = reason ? `${code} ${reason}` : String(code);
  if (code === CLOSE_CODES.UNAUTHORIZED) {
    return {
      reason: 'unauthorized',
      error: new MonitorClientError(
        'unauthorized',
        `The server refused the token (close ${detail})`,
      ),
      retryAfterMs: null,
    };
  }
  if (code === CLOSE_CODES.NORMAL) {
    return { reason: 'rotation', error: null, retryAfterMs: null };
  }
  const what =
    code === CLOSE_CODES.SERVICE_RESTART
      ? 'The server is restarting'
      : code === CLOSE_CODES.TRY_AGAIN_LATER
        ? 'The server asked to try again later'
        : code === 1006
          ? 'The connection was lost'
          : 'The connection closed';
  return {
    reason: 'failed',
    error: new MonitorClientError('network', `${what} (WebSocket close ${detail})`),
    retryAfterMs: null,
  };
}
