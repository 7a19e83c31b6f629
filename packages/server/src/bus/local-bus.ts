import type { Bus, StatusHandler, StatusMessage } from './bus';
import { BusDelivery, type BusLog } from './handler-errors';

/** Options of {@link LocalBus}. */
export interface LocalBusOptions {
  /** Hears about subscribers that threw (at most once a minute). */
  log?: BusLog;
}

/**
 * The in-process {@link Bus}: delivery is a function call on the next microtask, so a publisher
 * never runs its subscribers inside its own stack. Several apps in one process (tests) can share
 * one instance to act as several nodes.
 */
export class LocalBus implements Bus {
  readonly kind = 'local' as const;
  #handlers = new Set<StatusHandler>();
  #closed = false;
  readonly #delivery: BusDelivery;

  constructor(options: LocalBusOptions = {}) {
    this.#delivery = new BusDelivery(options.log);
  }

  /** Handler calls that threw (logged and skipped; the other handlers still got the message). */
  get handlerErrors(): number {
    return this.#delivery.handlerErrors;
  }

  publish(message: StatusMessage): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const handlers = [...this.#handlers];
    // On a microtask a throwing handler would be an uncaught exception: it is caught there.
    queueMicrotask(() => this.#delivery.deliver(handlers, message));
    return Promise.resolve();
  }

  subscribe(handler: StatusHandler): () => void {
    this.#handlers.add(handler);
    return () => {
      this.#handlers.delete(handler);
    };
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
    return Promise.resolve();
  }
}
