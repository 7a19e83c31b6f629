import { Emitter, safeCall, type ClientEvents } from './events';
import { INITIAL_SNAPSHOT, sameSnapshot, type ClientSnapshot } from './snapshot';

/**
 * What every client keeps alike, whether it holds the connection itself, shares one through a
 * leader tab, or through a SharedWorker: the snapshot, who is subscribed to it, and the typed
 * events. Each client decides which events a change of snapshot emits, and in which order.
 */
export abstract class SnapshotStore {
  protected readonly events = new Emitter<ClientEvents>();
  readonly #listeners = new Set<() => void>();
  #snapshot: ClientSnapshot = INITIAL_SNAPSHOT;

  // Arrow properties: stable identities that work unbound, as useSyncExternalStore wants.
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): ClientSnapshot => this.#snapshot;

  on<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): () => void {
    return this.events.on(event, handler);
  }

  /**
   * Takes `next` unless it equals the current snapshot; returns the snapshot it replaced, or
   * null when nothing changed. Subscribers hear of it from {@link notifySubscribers}.
   */
  protected replaceSnapshot(next: ClientSnapshot): ClientSnapshot | null {
    if (sameSnapshot(next, this.#snapshot)) return null;
    const previous = this.#snapshot;
    this.#snapshot = next;
    return previous;
  }

  protected notifySubscribers(): void {
    for (const listener of [...this.#listeners]) safeCall(listener);
  }

  /** The `state` event, when `next` differs from `previous` in state or transport. */
  protected emitStateChange(previous: ClientSnapshot, next: ClientSnapshot): void {
    if (next.state === previous.state && next.transport === previous.transport) return;
    this.events.emit('state', next.state, {
      previous: previous.state,
      previousTransport: previous.transport,
      transport: next.transport,
      attempt: next.attempt,
    });
  }
}
