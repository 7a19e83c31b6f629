/**
 * What the dashboard renders: the client library's snapshot. Panels take it (or parts of it)
 * as props, so they stay pure functions and are tested from fixed values.
 */
export type {
  ClientSnapshot as MonitorSnapshot,
  ClientErrorInfo as ConnectionError,
  ConnectionState,
  PauseReason,
  TransportName,
} from '@naija-monitor/client';
