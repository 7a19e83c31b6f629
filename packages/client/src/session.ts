import type { TransportName } from './state-machine';
import type { Transport } from './transports/transport';

/** `connect`: part of a (re)connect round; `probe`: trying a better transport; `poll`: the fallback. */
export type SessionPurpose = 'connect' | 'probe' | 'poll';

/** One transport instance, why it was opened, and the watchdog that bounds its silence. */
export class Session {
  transport: Transport | null = null;
  /** Epoch ms of its first update; null until then. */
  openedAt: number | null = null;
  /** Consecutive failures reported by a transport that goes on (polls). */
  failures = 0;
  #watchdog: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly name: TransportName,
    readonly purpose: SessionPurpose,
  ) {}

  /** (Re)starts the countdown; `onSilent` runs when it reaches zero with no re-arm. */
  armWatchdog(timeoutMs: number, onSilent: () => void): void {
    this.clearWatchdog();
    this.#watchdog = setTimeout(() => {
      this.#watchdog = null;
      onSilent();
    }, timeoutMs);
  }

  clearWatchdog(): void {
    if (this.#watchdog !== null) clearTimeout(this.#watchdog);
    this.#watchdog = null;
  }

  /** Stops the watchdog and closes the transport. */
  dispose(): void {
    this.clearWatchdog();
    this.transport?.close();
  }
}
