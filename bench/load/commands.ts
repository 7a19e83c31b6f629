/** How a load-generator client talks to a server. */
/** `ws-v2`: plain WebSocket offering live protocol v2 (full document once, then patches). */
export type ClientDialect = 'ws' | 'ws-v2' | 'socketio';

/** Open `count` more clients. */
export interface ConnectRequest {
  url: string;
  count: number;
  dialect: ClientDialect;
  /** Source address (127.0.0.x) so that each worker has its own ~28 000 ephemeral ports. */
  localAddress?: string | undefined;
  /** Handshakes in flight at once. */
  concurrency: number;
  handshakeTimeoutMs: number;
}

export interface ConnectResult {
  opened: number;
  failed: number;
  /** When the first handshake began and the last one completed (epoch ms). */
  startedAtMs: number;
  finishedAtMs: number;
  /** Handshake durations (ms) of the clients opened. */
  handshakeMs: Float64Array;
  /** A few distinct error messages. */
  errors: string[];
}

/** Wait until every open client has received an update with at least `seq`. */
export interface AwaitSeqRequest {
  seq: number;
  timeoutMs: number;
}

export interface AwaitSeqResult {
  /** Open clients still below `seq` when the wait ended. */
  behind: number;
  open: number;
}

/** Receive log since the previous collect, one entry per update received. */
export interface CollectResult {
  seq: Float64Array;
  receivedAtMs: Float64Array;
  /** The envelope's own `timestamp` (epoch ms; ms resolution), NaN if absent. */
  stampedAtMs: Float64Array;
  /** Updates whose seq skipped ahead of the client's previous one (sum of the gaps). */
  missed: number;
  /** Updates whose seq was not above the client's previous one. */
  duplicated: number;
  /** Messages that were not updates (pongs, errors, Socket.IO control packets excluded). */
  other: number;
  errors: number;
  /** Clients closed by the server or the network, not by the bench. */
  closedUnexpectedly: number;
  closeCodes: Record<string, number>;
  errorMessages: string[];
  open: number;
}

/** Commands the load-generator worker answers. */
export type WorkerCommands = {
  connect: { request: ConnectRequest; response: ConnectResult };
  'await-seq': { request: AwaitSeqRequest; response: AwaitSeqResult };
  collect: { request: Record<string, never>; response: CollectResult };
  'close-all': { request: Record<string, never>; response: { closed: number } };
  /** CPU time this process used since the previous call (ms). */
  cpu: { request: Record<string, never>; response: { userMs: number; systemMs: number } };
  exit: { request: Record<string, never>; response: null };
};
