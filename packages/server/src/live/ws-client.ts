import type WebSocket from 'ws';
import type { RawData } from 'ws';
import {
  WS_SUBPROTOCOL_V2,
  parseClientMessage,
  type ErrorMessage,
  type Pong,
} from '@naija-monitor/protocol';
import { CLOSE_FOR_CAUSE, CLOSE_GRACE_MS } from './close-codes';
import {
  LiveClient,
  type CloseCause,
  type LiveClientInit,
  type ServerCloseCause,
} from './live-client';
import type { Frames } from './prepared-update';
import { writeFrame } from './ws-frame';

/** Invalid messages tolerated per {@link INVALID_WINDOW_MS} before closing with 1008. */
export const MAX_INVALID_MESSAGES = 5;
/** The window over which invalid messages are counted. */
export const INVALID_WINDOW_MS = 60_000;
/** How many messages a client may send: a burst, then a sustained rate (a token bucket). */
export interface MessageRate {
  burst: number;
  perSecond: number;
}

/**
 * A keep-alive or a refresh now and then is all a client needs, and each refresh is answered
 * with the whole document, so an unbounded stream of them would cost every other client:
 * 20 at once, then 5 per second; faster closes with 1008.
 */
export const MESSAGE_RATE: MessageRate = { burst: 20, perSecond: 5 };

/** What a WebSocket client reports to the hub. */
export interface WsClientEvents {
  /** The client asked for the current status (`{"type":"refresh"}`). */
  onRefresh(client: WsClient): void;
  /** The connection is gone; `code` is the close code seen. */
  onClosed(client: WsClient, cause: CloseCause, code: number): void;
}

/** Options of {@link WsClient} beyond the common ones. */
export interface WsClientOptions extends LiveClientInit {
  /** Replies (pong, error) are dropped while the backlog is over this, like updates. */
  maxBufferedBytes: number;
  /** Client messages allowed. @default {@link MESSAGE_RATE} */
  messageRate?: MessageRate;
  /** Monotonic clock (ms). */
  now: () => number;
}

/**
 * A WebSocket client: answers keep-alives and pings with a pong, `refresh` and `resync` with
 * the current status as a full document (through the hub), anything else with an error message, and closes with 1008 after
 * {@link MAX_INVALID_MESSAGES} invalid ones, or when messages (ping and pong frames included)
 * come faster than its {@link MessageRate} allows. Frames over `maxPayload` are closed with 1009 by
 * `ws` itself. Reading and writing are independent: nothing here waits for a send.
 */
export class WsClient extends LiveClient {
  readonly transport = 'websocket' as const;
  readonly #ws: WebSocket;
  readonly #events: WsClientEvents;
  readonly #options: WsClientOptions;
  #invalidAt: number[] = [];
  readonly #rate: MessageRate;
  #messageTokens: number;
  #tokensAt: number;
  #graceTimer: NodeJS.Timeout | null = null;
  #errorCause: CloseCause | null = null;

  constructor(ws: WebSocket, options: WsClientOptions, events: WsClientEvents) {
    super(options);
    this.#rate = options.messageRate ?? MESSAGE_RATE;
    this.#messageTokens = this.#rate.burst;
    this.#tokensAt = options.now();
    this.#ws = ws;
    this.#events = events;
    this.#options = options;
    // The handshake selected v2 only when the client offered it (ws-upgrade.ts).
    if (ws.protocol === WS_SUBPROTOCOL_V2) this.protocol = 2;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => {
      this.lastSeenAt = options.now();
    });
    ws.on('ping', (data) => this.#onPing(data));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws closes the connection itself after an error (1009 for an oversized frame, 1002 for
      // a protocol error); the cause is recorded for the metrics and the close log line.
      this.#errorCause = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too_big' : 'error';
    });
    ws.on('close', (code) => {
      if (this.#graceTimer) clearTimeout(this.#graceTimer);
      this.#events.onClosed(this, this.closeCause ?? this.#errorCause ?? 'client', code);
    });
  }

  isOpen(): boolean {
    return this.#ws.readyState === 1 && this.closeCause === null;
  }

  bufferedBytes(): number {
    return this.#ws.bufferedAmount;
  }

  write(frames: Frames): number {
    return writeFrame(this.#ws, frames.wsFrame, frames.envelope);
  }

  heartbeat(): void {
    this.#ws.ping();
  }

  close(cause: ServerCloseCause): void {
    if (this.closeCause !== null) return;
    this.closeCause = cause;
    if (cause === 'timeout') {
      this.#ws.terminate();
      return;
    }
    const { code, reason } = CLOSE_FOR_CAUSE[cause];
    this.#ws.close(code, reason);
    // A peer that does not answer the close frame (not reading, gone) is dropped after a grace.
    this.#graceTimer = setTimeout(() => this.#ws.terminate(), CLOSE_GRACE_MS);
    this.#graceTimer.unref();
  }

  terminate(cause: CloseCause): void {
    this.closeCause ??= cause;
    this.#ws.terminate();
  }

  /**
   * A ping frame counts toward the message rate like any message (a ping flood costs as much
   * as a message flood). `ws` is told not to answer pings itself (`autoPong: false` in
   * ws-upgrade.ts): it would queue one pong per ping with no bound for a peer that does not
   * read. Here a pong is sent only while the backlog is under `maxBufferedBytes`, as every
   * reply. (Pongs are not counted: they answer our own heartbeat pings, whose rate we set.)
   */
  #onPing(data: Buffer): void {
    const now = this.#options.now();
    this.lastSeenAt = now;
    if (this.closeCause !== null || !this.#takeMessageToken(now)) return;
    if (this.#canReply()) this.#ws.pong(data);
  }

  /** Spends one token of the message rate; false (and closed with 1008) when none is left. */
  #takeMessageToken(now: number): boolean {
    this.#messageTokens = Math.min(
      this.#rate.burst,
      this.#messageTokens + ((now - this.#tokensAt) * this.#rate.perSecond) / 1000,
    );
    this.#tokensAt = now;
    if (this.#messageTokens < 1) {
      this.close('flood');
      return false;
    }
    this.#messageTokens -= 1;
    return true;
  }

  #canReply(): boolean {
    return this.#ws.readyState === 1 && this.#ws.bufferedAmount <= this.#options.maxBufferedBytes;
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    const now = this.#options.now();
    this.lastSeenAt = now;
    if (this.closeCause !== null || !this.#takeMessageToken(now)) return;
    const parsed = isBinary
      ? ({ ok: false, error: 'expected a text frame' } as const)
      : parseClientMessage(rawText(data));
    if (parsed.ok) {
      if (parsed.value.type === 'ping')
        this.#reply({ type: 'pong', timestamp: new Date().toISOString() } satisfies Pong);
      else {
        // `resync` (v2, after a gap) and `refresh` are both answered with the full document.
        this.needsFull = true;
        this.#events.onRefresh(this);
      }
      return;
    }
    this.#invalidAt = this.#invalidAt.filter((at) => now - at < INVALID_WINDOW_MS);
    this.#invalidAt.push(now);
    this.#reply({
      type: 'error',
      code: 'INVALID_MESSAGE',
      message: parsed.error,
    } satisfies ErrorMessage);
    if (this.#invalidAt.length >= MAX_INVALID_MESSAGES) this.close('policy');
  }

  #reply(message: Pong | ErrorMessage): void {
    if (!this.#canReply()) return;
    this.#ws.send(JSON.stringify(message));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
