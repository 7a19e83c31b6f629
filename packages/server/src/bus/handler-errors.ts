import type { StatusHandler, StatusMessage } from './bus';

/** Where a bus reports what it drops. Structurally a subset of pino's logger. */
export interface BusLog {
  warn(obj: object, msg: string): void;
}

/** At most one log line per kind per this many ms; the rest are counted. */
export const BUS_LOG_INTERVAL_MS = 60_000;

/**
 * Delivery of bus messages that a throwing subscriber cannot break: each handler runs in its
 * own try/catch (delivery happens on a microtask or a Redis socket event, where an exception
 * would be uncaught and stop the process), the others still get the message, and what was
 * dropped is counted and logged, at most once a minute per kind.
 */
export class BusDelivery {
  readonly #log: BusLog | undefined;
  readonly #now: () => number;
  #handlerErrors = 0;
  #malformed = 0;
  readonly #loggedAt = { handler: -Infinity, malformed: -Infinity };
  readonly #since = { handler: 0, malformed: 0 };

  constructor(log: BusLog | undefined, now: () => number = () => performance.now()) {
    this.#log = log;
    this.#now = now;
  }

  /** Handler calls that threw (the message still reached the other handlers). */
  get handlerErrors(): number {
    return this.#handlerErrors;
  }

  /** Messages that were not status messages (dropped). */
  get malformed(): number {
    return this.#malformed;
  }

  /** Calls every handler with `message`; one that throws is logged and skipped. */
  deliver(handlers: Iterable<StatusHandler>, message: StatusMessage): void {
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        this.#handlerErrors += 1;
        this.#report(
          'handler',
          { err: error, seq: message.seq, nodeId: message.nodeId.slice(0, 100) },
          'a bus subscriber threw; the message was dropped for it',
        );
      }
    }
  }

  /** A message that is not a status message arrived and was dropped. */
  malformedMessage(bytes: number): void {
    this.#malformed += 1;
    this.#report('malformed', { bytes }, 'dropped a bus message that is not a status message');
  }

  #report(kind: 'handler' | 'malformed', fields: object, message: string): void {
    this.#since[kind] += 1;
    const now = this.#now();
    if (now - this.#loggedAt[kind] < BUS_LOG_INTERVAL_MS) return;
    this.#log?.warn(
      { ...fields, count: this.#since[kind] },
      `${message} (at most one line a minute)`,
    );
    this.#loggedAt[kind] = now;
    this.#since[kind] = 0;
  }
}
