import type { MonitorClientError } from '../errors';
import type { NormalizedUpdate } from '../normalize';
import type { ResolvedOptions } from '../options';
import type { TransportName } from '../state-machine';

/** Why a transport ended by itself (it never reports an end after `close()`). */
export interface TransportEnd {
  /**
   * `unauthorized`: stop and report (close code 4001, HTTP 401/403).
   * `rotation`: the server closed a healthy connection at its maximum age (1000): come back at once.
   * `failed`: anything else (network, 1012 restart, 1013 try later, refusal): retry with jitter.
   */
  reason: 'unauthorized' | 'rotation' | 'failed';
  error: MonitorClientError | null;
  /** The server's `Retry-After`, when it gave one. */
  retryAfterMs: number | null;
}

/** How a transport reports to the client. Calls after `close()` never happen. */
export interface TransportCallbacks {
  /** A valid status arrived. */
  onUpdate(update: NormalizedUpdate): void;
  /** The server confirmed the status is unchanged (HTTP 304). */
  onNotModified(): void;
  /** Something went wrong but the transport goes on (a bad frame, one failed poll). */
  onError(error: MonitorClientError): void;
  /** The transport is finished; called at most once. */
  onEnd(end: TransportEnd): void;
}

/** One live connection (or polling loop). Starts on construction. */
export interface Transport {
  readonly name: TransportName;
  /**
   * Asks for an update now. Returns false when this transport cannot (the client then fetches
   * over HTTP); otherwise resolves once the request is made (WebSocket) or answered (polling).
   */
  refresh(): Promise<boolean>;
  /** Stops at once: no timer, socket or callback remains. Idempotent. */
  close(): void;
}

/** Builds a started transport. */
export type TransportFactory = (
  options: ResolvedOptions,
  callbacks: TransportCallbacks,
) => Transport;
