import type { StatusDocument } from '@naija-monitor/protocol';

/** One computed status travelling between server processes. */
export interface StatusMessage {
  /** The process that computed it; a process drops messages carrying its own id (its echo). */
  nodeId: string;
  /** The update's sequence number; it only ever rises, also across processes. */
  seq: number;
  /** The status document, without the `monitor` field (each process adds its own). */
  document: StatusDocument;
  /** When it was computed (epoch ms), so a receiver can tell how old it is. */
  computedAt: number;
}

/** Receives every message published on the bus, its own included. Must not throw. */
export type StatusHandler = (message: StatusMessage) => void;

/**
 * How computed status reaches every server process. In-process by default
 * ({@link LocalBus}); a Redis implementation spreads it across processes. Implementations
 * deliver each message to every subscriber, the publisher's own included: subscribers drop
 * their echo by comparing `nodeId`. Delivery is at most once and in publish order per
 * publisher; a lost message is harmless because the next one carries the whole state.
 */
export interface Bus {
  /** `local` (one process) or `redis` (many); shown in `system_health.bus`. */
  readonly kind: 'local' | 'redis';
  /** Sends `message` to every subscriber. Resolves when handed over, not when delivered. */
  publish(message: StatusMessage): Promise<void>;
  /** Calls `handler` for every message from now on. Returns the unsubscribe function. */
  subscribe(handler: StatusHandler): () => void;
  /** Stops delivery and releases connections. */
  close(): Promise<void>;
}
