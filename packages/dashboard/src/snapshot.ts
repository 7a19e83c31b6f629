import type { StatusDocument } from '@naija-monitor/protocol';

/**
 * What the dashboard renders: the client library's snapshot, structurally. The panels depend
 * on this shape rather than on the client itself, so they stay pure functions of props and a
 * `ClientSnapshot` from `@naija-monitor/client` can be passed as it is.
 */

/** Life cycle of the live connection, as the client reports it. */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'polling' | 'disconnected';

/** How updates currently arrive. */
export type TransportName = 'websocket' | 'sse' | 'polling';

/** Why the client could not get (or keep) a live status. */
export interface ConnectionError {
  code: 'unauthorized' | 'network' | 'protocol';
  message: string;
}

/** The client's view: connection state and the last good status with its arrival time. */
export interface MonitorSnapshot {
  state: ConnectionState;
  transport: TransportName | null;
  status: StatusDocument | null;
  seq: number | null;
  /** When the last good status arrived, epoch ms (client clock). */
  receivedAt: number | null;
  error: ConnectionError | null;
  /** Reconnect attempts since the last success. */
  attempt: number;
}
