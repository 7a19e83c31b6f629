import type { Frames } from './prepared-update';

/** The live transports. */
export type Transport = 'websocket' | 'sse';

/** Why the server ends a live connection. */
export type ServerCloseCause = 'max_age' | 'slow' | 'policy' | 'flood' | 'shutdown' | 'timeout';

/** Why a live connection ended: the server's causes, the peer's, or an error. */
export type CloseCause = ServerCloseCause | 'client' | 'too_big' | 'error';

/** What every live client has, whatever its transport; the hub works on this only. */
export interface LiveClientInit {
  id: number;
  ip: string;
  /** Monotonic time of opening (ms). */
  openedAt: number;
  /** Monotonic time at which the connection is rotated (max age minus jitter). */
  rotateAt: number;
}

/**
 * One connected client of either transport. The hub decides what to send and when; a client
 * only knows how to write bytes, measure its backlog, keep itself alive and close.
 */
export abstract class LiveClient {
  abstract readonly transport: Transport;
  readonly id: number;
  readonly ip: string;
  readonly openedAt: number;
  readonly rotateAt: number;
  /** `seq` of the newest update written to it; it is never sent an older one. */
  lastSeq = 0;
  /** Last time the peer showed it is alive (pong or message), monotonic ms. */
  lastSeenAt: number;
  /** Last ping or heartbeat comment sent, monotonic ms. */
  lastHeartbeatAt: number;
  /** Since when updates have been skipped because of its backlog; null when keeping up. */
  skippedSince: number | null = null;
  /**
   * Live protocol: 1 (the full document every time, unchanged since the first clients) or 2 (negotiated: the
   * full document, then patches). Plain fields, not closures: they cost nothing per connection.
   */
  protocol: 1 | 2 = 1;
  /**
   * v2: the next update must be the full document (a new connection, a resync request, or
   * updates skipped as a slow client), never a patch.
   */
  needsFull = true;
  /** Set once the server starts closing it, so it is closed once. */
  closeCause: CloseCause | null = null;

  constructor(init: LiveClientInit) {
    this.id = init.id;
    this.ip = init.ip;
    this.openedAt = init.openedAt;
    this.rotateAt = init.rotateAt;
    this.lastSeenAt = init.openedAt;
    this.lastHeartbeatAt = init.openedAt;
  }

  /** True while writes reach the peer. */
  abstract isOpen(): boolean;
  /** Bytes queued in this process for the peer (not yet handed to the kernel). */
  abstract bufferedBytes(): number;
  /** Writes one prepared message (a full update or a v2 patch); returns the bytes written. */
  abstract write(frames: Frames): number;
  /** Keeps the connection alive: a protocol ping (WebSocket) or a comment (SSE). */
  abstract heartbeat(): void;
  /** Closes politely with the cause's close code, then for sure after a grace period. */
  abstract close(cause: ServerCloseCause): void;
  /** Drops the connection at once, with no closing handshake. */
  abstract terminate(cause: CloseCause): void;
}
