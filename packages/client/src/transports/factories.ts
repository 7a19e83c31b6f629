import type { TransportName } from '../state-machine';
import { EventSourceTransport } from './event-source';
import { PollingTransport } from './polling';
import { SseTransport } from './sse';
import type { TransportFactory } from './transport';
import { WebSocketTransport } from './websocket';

/** The transport constructors, by name (tests swap in doubles). */
export type TransportFactories = Readonly<Record<TransportName, TransportFactory>>;

/** The real transports. SSE goes over fetch unless an `EventSource` was supplied. */
export const DEFAULT_TRANSPORT_FACTORIES: TransportFactories = {
  websocket: (options, callbacks) => new WebSocketTransport(options, callbacks),
  sse: (options, callbacks) =>
    options.EventSource !== null
      ? new EventSourceTransport(options, callbacks)
      : new SseTransport(options, callbacks),
  polling: (options, callbacks) => new PollingTransport(options, callbacks),
};
