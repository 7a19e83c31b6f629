import type { StatusDocument } from '@naija-monitor/protocol';
import type { MonitorClientError } from './errors';
import type { ConnectionState, TransportName } from './state-machine';

/** Details that come with a `status` event. */
export interface StatusEventInfo {
  seq: number | null;
  /** The transport that carried it (`polling` for any HTTP fetch, including `refresh()`). */
  transport: TransportName;
  receivedAt: number;
}

/** Details that come with a `state` event. */
export interface StateEventInfo {
  previous: ConnectionState;
  previousTransport: TransportName | null;
  transport: TransportName | null;
  attempt: number;
}

/** The client's typed events. */
export interface ClientEvents {
  /** A new status document arrived (not emitted for a 304, which only refreshes `receivedAt`). */
  status: (status: StatusDocument, info: StatusEventInfo) => void;
  /** The connection state or the transport changed. */
  state: (state: ConnectionState, info: StateEventInfo) => void;
  /** Something failed; `error.code` is `unauthorized` (the client stopped), `network` or `protocol`. */
  error: (error: MonitorClientError) => void;
}

/**
 * A minimal typed event emitter. A throwing handler does not break the client or the other
 * handlers: its error is re-thrown on its own task, as EventTarget does.
 */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof Events, Set<(...args: never[]) => void>>();

  /** Adds a handler; returns the function that removes it. */
  on<E extends keyof Events>(event: E, handler: Events[E]): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Calls every handler of `event` with `args`. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const handler of [...set])
      safeCall(() => (handler as (...a: Parameters<Events[E]>) => void)(...args));
  }
}

/** Runs `fn`; an exception is reported on its own task instead of unwinding the client. */
export function safeCall(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
    if (typeof report === 'function') report(error);
    else
      queueMicrotask(() => {
        throw error;
      });
  }
}
