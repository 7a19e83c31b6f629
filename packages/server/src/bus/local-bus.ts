import type { Bus, StatusHandler, StatusMessage } from './bus';

/**
 * The in-process {@link Bus}: delivery is a function call on the next microtask, so a publisher
 * never runs its subscribers inside its own stack. Several apps in one process (tests) can share
 * one instance to act as several nodes.
 */
export class LocalBus implements Bus {
  readonly kind = 'local' as const;
  #handlers = new Set<StatusHandler>();
  #closed = false;

  publish(message: StatusMessage): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const handlers = [...this.#handlers];
    queueMicrotask(() => {
      for (const handler of handlers) handler(message);
    });
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
