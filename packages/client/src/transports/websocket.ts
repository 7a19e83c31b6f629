import { CLOSE_CODES, WS_SUBPROTOCOL_V2 } from '@naija-monitor/protocol';
import { MonitorClientError, toNetworkError } from '../errors';
import { FrameReader } from '../delta-reader';
import type { ResolvedOptions, WebSocketLike } from '../options';
import { websocketUrl } from '../urls';
import type { Transport, TransportCallbacks, TransportEnd } from './transport';

const OPEN = 1;

/**
 * Clients (by their options) whose server refused a handshake offering v2 without selecting a
 * subprotocol: `ws` on Node fails such a handshake ("Server sent no subprotocol") where
 * browsers accept it, so later attempts of that client offer none and speak v1.
 */
const V2_REFUSED = new WeakSet<ResolvedOptions>();

/**
 * The WebSocket transport. The server sends an update as soon as the socket opens, so the
 * client counts the connection as working only once that first update arrives.
 */
export class WebSocketTransport implements Transport {
  readonly name = 'websocket';
  #socket: WebSocketLike | null = null;
  #closed = false;
  /** A resync was asked for and the full document has not come yet: ask once, not per patch. */
  #resyncing = false;
  readonly #reader = new FrameReader();
  readonly #callbacks: TransportCallbacks;

  constructor(options: ResolvedOptions, callbacks: TransportCallbacks) {
    this.#callbacks = callbacks;
    const WebSocket = options.WebSocket;
    try {
      if (WebSocket === null) throw new Error('no WebSocket implementation');
      const url = websocketUrl(options.baseUrl, options.token, options.lastSeq?.() ?? null);
      // Offering v2 is safe with any server: one without it selects no subprotocol and sends
      // v1 messages, which the reader takes as they are.
      this.#socket =
        options.protocol === 2 && !V2_REFUSED.has(options)
          ? new WebSocket(url, [WS_SUBPROTOCOL_V2])
          : new WebSocket(url);
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
      const frame = this.#reader.read(event.data);
      if (frame.kind === 'update') {
        this.#resyncing = false;
        this.#callbacks.onUpdate(frame.update);
      } else if (frame.kind === 'error') this.#callbacks.onError(frame.error);
      else if (frame.kind === 'resync') this.#resync();
    });
    socket.addEventListener('close', (event) => this.#end(endFromClose(event.code, event.reason)));
    // An error is always followed by close, which carries the code; nothing to do here, but `ws`
    // throws when an 'error' is emitted with no listener, so one must stay attached.
    socket.addEventListener('error', (event?: { message?: unknown }) => {
      if (typeof event?.message === 'string' && event.message.includes('no subprotocol'))
        V2_REFUSED.add(options);
    });
  }

  refresh(): Promise<boolean> {
    const socket = this.#socket;
    if (this.#closed || socket === null || socket.readyState !== OPEN)
      return Promise.resolve(false);
    socket.send(JSON.stringify({ type: 'refresh' }));
    return Promise.resolve(true);
  }

  /** Asks for the full document after a gap (v2); the patches until it comes are dropped. */
  #resync(): void {
    const socket = this.#socket;
    if (this.#resyncing || socket === null || socket.readyState !== OPEN) return;
    this.#resyncing = true;
    socket.send(JSON.stringify({ type: 'resync' }));
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
