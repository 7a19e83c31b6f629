/**
 * @naija-monitor/client: a framework-free live status client for browsers and Node.
 * WebSocket first, then SSE, then HTTP polling; reconnects with jittered backoff and comes back
 * to WebSocket by itself. The React hook lives at `@naija-monitor/client/react`.
 */
export { createMonitorClient, type MonitorClient } from './client';
export { backoffDelayMs, backoffCeilingMs } from './backoff';
export type { ClientSnapshot } from './snapshot';
export type { ConnectionState, TransportName } from './state-machine';
export type { ClientEvents, StatusEventInfo, StateEventInfo } from './events';
export type { PauseReason } from './lifecycle';
export type {
  MonitorClientOptions,
  WebSocketLike,
  WebSocketConstructorLike,
  EventSourceLike,
  EventSourceConstructorLike,
  FetchLike,
  VisibilitySource,
  NetworkSource,
} from './options';
export {
  MonitorClientError,
  InvalidOptionsError,
  type ClientErrorCode,
  type ClientErrorInfo,
} from './errors';
export {
  createSharedMonitorClient,
  SharedMonitorClient,
  type SharedConnectionOptions,
  type LockManagerLike,
  type BroadcastChannelLike,
} from './shared-client';
export {
  serveSharedConnection,
  SharedWorkerMonitorClient,
  sharedWorkerOptions,
  type SharedWorkerLike,
  type SharedWorkerScopeLike,
  type SharedWorkerClientOptions,
  type MessagePortLike,
} from './shared-worker';
