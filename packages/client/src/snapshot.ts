import type { StatusDocument } from '@naija-monitor/protocol';
import type { ClientErrorInfo } from './errors';
import type { PauseReason } from './lifecycle';
import type { ConnectionState, TransportName } from './state-machine';

/**
 * Everything a UI shows, as one immutable value: `getSnapshot()` returns the same object until
 * something changes, so it plugs straight into `useSyncExternalStore`.
 */
export interface ClientSnapshot {
  state: ConnectionState;
  /** The transport delivering updates now; null while (re)connecting or disconnected. */
  transport: TransportName | null;
  /** The last good status; kept through outages, reconnects and `close()`. */
  status: StatusDocument | null;
  /** The server's sequence number of `status`; null when it came over HTTP. */
  seq: number | null;
  /** Epoch ms when the last update (or 304 confirmation) arrived: the data's freshness. */
  receivedAt: number | null;
  /** The last problem; cleared by the next update. */
  error: ClientErrorInfo | null;
  /** Consecutive failed attempts (rounds while reconnecting, polls while polling). */
  attempt: number;
  /** Why the client is paused (page hidden, offline), or null. */
  paused: PauseReason | null;
  /** Epoch ms of the next reconnect try while waiting out a backoff, else null. */
  nextRetryAt: number | null;
}

/** The snapshot before the first update. */
export const INITIAL_SNAPSHOT: ClientSnapshot = Object.freeze({
  state: 'disconnected',
  transport: null,
  status: null,
  seq: null,
  receivedAt: null,
  error: null,
  attempt: 0,
  paused: null,
  nextRetryAt: null,
});

/** True when two snapshots hold the same values (top level; documents compared by identity). */
export function sameSnapshot(a: ClientSnapshot, b: ClientSnapshot): boolean {
  return (Object.keys(a) as (keyof ClientSnapshot)[]).every((key) => Object.is(a[key], b[key]));
}
