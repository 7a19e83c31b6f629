import { backoffDelayMs } from './backoff';
import { InvalidOptionsError, MonitorClientError } from './errors';
import type { ClientEvents } from './events';
import { watchLifecycle, type LifecycleWatch, type PauseReason } from './lifecycle';
import type { NormalizedUpdate } from './normalize';
import { resolveOptions, type MonitorClientOptions, type ResolvedOptions } from './options';
import type { ClientSnapshot } from './snapshot';
import { SnapshotStore } from './snapshot-store';
import {
  INITIAL_MACHINE_STATE,
  transition,
  type MachineEvent,
  type MachineState,
  type TransportName,
} from './state-machine';
import { Session, type SessionPurpose } from './session';
import { DEFAULT_TRANSPORT_FACTORIES, type TransportFactories } from './transports/factories';
import { fetchStatus } from './transports/http-status';
import type { TransportCallbacks, TransportEnd } from './transports/transport';

/** A live status client. Create it with `createMonitorClient`, then `start()` it. */
export interface MonitorClient {
  /** Calls `listener` after every snapshot change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same object until something changes. */
  getSnapshot(): ClientSnapshot;
  /** Adds a typed event handler (`status`, `state`, `error`); returns the function that removes it. */
  on<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): () => void;
  /**
   * Asks for an update now: over WebSocket sends `{"type":"refresh"}` and resolves with the next
   * update; otherwise fetches over HTTP. Never rejects: failures go to `error`.
   */
  refresh(): Promise<void>;
  /** Connects (idempotent). After `close()` or an unauthorized stop, starts again. */
  start(): void;
  /** Disconnects and leaves no timer, socket or page listener behind. Keeps the last status. */
  close(): void;
}

/**
 * The client. Side effects live here; decisions about states live in `state-machine.ts`.
 *
 * At most two sessions exist: `#current` (delivering updates, or the polling loop) and
 * `#candidate` (a transport being tried in a round or a probe). A candidate that delivers an
 * update replaces the current one.
 */
export class MonitorClientCore extends SnapshotStore implements MonitorClient {
  readonly #options: ResolvedOptions;
  readonly #factories: TransportFactories;
  #machine: MachineState = INITIAL_MACHINE_STATE;
  #running = false;
  #lifecycle: LifecycleWatch | null = null;
  readonly #pauses = new Set<PauseReason>();
  #current: Session | null = null;
  #candidate: Session | null = null;
  /** Transports still to try in the running round or probe. */
  #pending: TransportName[] = [];
  /** The largest Retry-After seen in the running round. */
  #roundRetryAfterMs = 0;
  /** The transport that last worked: tried first next time. */
  #kept: TransportName | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #probeTimer: ReturnType<typeof setTimeout> | null = null;
  #refreshWaiters: (() => void)[] = [];
  /** Aborted on teardown, so a fetch started by `refresh()` cannot outlive the connection. */
  #lifetime = new AbortController();

  constructor(
    options: MonitorClientOptions,
    factories: TransportFactories = DEFAULT_TRANSPORT_FACTORIES,
  ) {
    super();
    const resumeAfter = options.lastSeq ?? null;
    if (resumeAfter !== null && !(Number.isSafeInteger(resumeAfter) && resumeAfter >= 0))
      throw new InvalidOptionsError('lastSeq', 'must be a non-negative integer');
    // Each connection resumes after the newest seq shown (the server fills a short gap).
    this.#options = {
      ...resolveOptions(options),
      lastSeq: () => this.getSnapshot().seq ?? resumeAfter,
    };
    this.#factories = factories;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#lifecycle = watchLifecycle(
      this.#options.document,
      this.#options.window,
      (reason, paused) => this.#onPauseChange(reason, paused),
    );
    for (const reason of this.#lifecycle.current()) this.#pauses.add(reason);
    if (this.#pauses.size > 0) this.#publish({});
    else this.#begin();
  }

  close(): void {
    if (!this.#running) return;
    this.#stop();
    this.#publish({ nextRetryAt: null });
  }

  async refresh(): Promise<void> {
    if (!this.#running) return;
    const transport = this.#current?.transport;
    if (transport) {
      // Queue the waiter first: the update answering the request must not slip past it.
      let resolveWaiter = (): void => undefined;
      const answered = new Promise<void>((resolve) => {
        resolveWaiter = resolve;
        this.#refreshWaiters.push(resolve);
      });
      const requested = await transport.refresh();
      if (requested && transport.name === 'websocket') return answered;
      this.#refreshWaiters = this.#refreshWaiters.filter((waiter) => waiter !== resolveWaiter);
      resolveWaiter();
      if (requested) return; // polling: the poll has been answered
    }
    await this.#fetchOnce();
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  #begin(): void {
    this.#move({ type: 'start' });
    this.#startRound();
  }

  /** Ends everything: sessions, timers, page listeners. The caller publishes. */
  #stop(): void {
    this.#running = false;
    this.#lifecycle?.dispose();
    this.#lifecycle = null;
    this.#pauses.clear();
    this.#teardown();
    this.#machine = transition(this.#machine, { type: 'stop' });
  }

  #teardown(): void {
    for (const session of [this.#current, this.#candidate]) if (session) session.dispose();
    this.#current = null;
    this.#candidate = null;
    this.#pending = [];
    this.#clearRetry();
    this.#clearProbe();
    this.#lifetime.abort();
    this.#lifetime = new AbortController();
    this.#resolveRefreshWaiters();
  }

  #onPauseChange(reason: PauseReason, paused: boolean): void {
    if (!this.#running) return;
    const wasPaused = this.#pauses.size > 0;
    if (paused) this.#pauses.add(reason);
    else this.#pauses.delete(reason);
    const isPaused = this.#pauses.size > 0;
    if (!wasPaused && isPaused) {
      // Hidden or offline: free the server's socket now; the status stays on screen.
      this.#teardown();
      this.#move({ type: 'stop' }, { nextRetryAt: null });
    } else if (wasPaused && !isPaused) {
      this.#begin(); // at once, not after a backoff: the user is looking again
    } else {
      this.#publish({});
    }
  }

  #halt(error: MonitorClientError | null): void {
    this.#stop();
    this.#publish({ error: error ?? this.getSnapshot().error, nextRetryAt: null });
    if (error) this.events.emit('error', error);
  }

  // ── rounds, fallback and probes ─────────────────────────────────────────────────────────

  /** Streaming transports in configured order, the kept one first. */
  #streamingOrder(): TransportName[] {
    const streaming: TransportName[] = this.#options.transports.filter(
      (name) => name !== 'polling',
    );
    const kept = this.#kept;
    return kept !== null && streaming.includes(kept)
      ? [kept, ...streaming.filter((n) => n !== kept)]
      : streaming;
  }

  /** Streaming transports ranked above the current one (all of them while polling). */
  #betterThanCurrent(): TransportName[] {
    const streaming: TransportName[] = this.#options.transports.filter(
      (name) => name !== 'polling',
    );
    const current = this.#current?.name;
    if (current === undefined) return [];
    const rank = current === 'polling' ? streaming.length : streaming.indexOf(current);
    return streaming.slice(0, rank);
  }

  #startRound(): void {
    this.#clearRetry();
    this.#pending = this.#streamingOrder();
    this.#roundRetryAfterMs = 0;
    if (this.#pending.length === 0) this.#enterPolling();
    else this.#tryNext('connect');
  }

  #tryNext(purpose: 'connect' | 'probe'): void {
    const name = this.#pending.shift();
    if (name !== undefined) this.#candidate = this.#open(name, purpose);
    else if (purpose === 'connect') this.#roundFailed();
    else this.#scheduleProbe();
  }

  #roundFailed(): void {
    const { maxReconnectAttempts, transports } = this.#options;
    // Published by what follows, so listeners never see a half-made state.
    this.#machine = transition(this.#machine, {
      type: 'round-failed',
      maxAttempts: maxReconnectAttempts,
      canPoll: transports.includes('polling'),
    });
    if (this.#machine.state === 'polling') {
      this.#enterPolling();
      return;
    }
    const { random, reconnectBaseDelayMs, reconnectMaxDelayMs } = this.#options;
    const jitterMs = backoffDelayMs(
      this.#machine.attempt,
      random,
      reconnectBaseDelayMs,
      reconnectMaxDelayMs,
    );
    this.#scheduleRound(this.#roundRetryAfterMs + jitterMs);
  }

  #scheduleRound(delayMs: number, patch: Partial<ClientSnapshot> = {}): void {
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#startRound();
    }, delayMs);
    this.#publish({ ...patch, nextRetryAt: Date.now() + delayMs });
  }

  #enterPolling(): void {
    this.#current = this.#open('polling', 'poll');
    this.#move({ type: 'poll' }, { nextRetryAt: null });
    this.#scheduleProbe();
  }

  /** While on a lesser transport, try the better ones every `probeIntervalMs`. */
  #scheduleProbe(delayMs: number = this.#options.probeIntervalMs): void {
    this.#clearProbe();
    // A probe in flight schedules the next one itself when it ends.
    if (!this.#running || this.#candidate !== null || this.#betterThanCurrent().length === 0)
      return;
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = null;
      this.#pending = this.#betterThanCurrent();
      this.#tryNext('probe');
    }, delayMs);
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────

  #open(name: TransportName, purpose: SessionPurpose): Session {
    const session = new Session(name, purpose);
    if (name !== 'polling') this.#armWatchdog(session); // also bounds a handshake that hangs
    session.transport = this.#factories[name](this.#options, this.#callbacksFor(session));
    return session;
  }

  #isLive(session: Session): boolean {
    return session === this.#current || session === this.#candidate;
  }

  #callbacksFor(session: Session): TransportCallbacks {
    return {
      onUpdate: (update) => {
        if (this.#isLive(session)) this.#onUpdate(session, update);
      },
      onNotModified: () => {
        if (this.#isLive(session)) this.#onNotModified(session);
      },
      onError: (error) => {
        if (this.#isLive(session)) this.#onTransportError(session, error);
      },
      onEnd: (end) => {
        if (this.#isLive(session)) this.#onEnd(session, end);
      },
    };
  }

  #armWatchdog(session: Session): void {
    const { watchdogMs } = this.#options;
    session.armWatchdog(watchdogMs, () => {
      if (!this.#isLive(session)) return;
      session.transport?.close();
      const error = new MonitorClientError(
        'network',
        `No update within ${watchdogMs} ms (${session.name})`,
      );
      this.#onEnd(session, { reason: 'failed', error, retryAfterMs: null });
    });
  }

  /** A candidate delivered its first update: it becomes the current transport. */
  #promote(session: Session): void {
    const previous = this.#current;
    this.#candidate = null;
    this.#pending = [];
    this.#current = session;
    session.openedAt = Date.now();
    this.#kept = session.name;
    if (previous) previous.dispose();
    this.#clearRetry();
    this.#scheduleProbe();
  }

  #onUpdate(session: Session, update: NormalizedUpdate): void {
    const recovered = this.#pollsRecovered(session);
    if (session === this.#candidate) this.#promote(session);
    if (session.name !== 'polling') this.#armWatchdog(session);
    this.#machine = transition(this.#machine, { type: 'opened', transport: session.name });
    const receivedAt = Date.now();
    this.#publish({
      status: update.status,
      seq: update.seq,
      receivedAt,
      error: null,
      nextRetryAt: null,
    });
    this.events.emit('status', update.status, {
      seq: update.seq,
      transport: session.name,
      receivedAt,
    });
    this.#resolveRefreshWaiters();
    if (recovered) this.#probeSoon();
  }

  #onNotModified(session: Session): void {
    const recovered = this.#pollsRecovered(session);
    this.#machine = transition(this.#machine, { type: 'opened', transport: session.name });
    this.#publish({ receivedAt: Date.now(), error: null });
    if (recovered) this.#probeSoon();
  }

  /** True when polls were failing and this one worked: the server is probably back. */
  #pollsRecovered(session: Session): boolean {
    const recovered = session.failures > 0;
    session.failures = 0;
    return recovered;
  }

  /** Probes after a short jittered delay instead of waiting out `probeIntervalMs`. */
  #probeSoon(): void {
    const { random, reconnectBaseDelayMs, reconnectMaxDelayMs } = this.#options;
    this.#scheduleProbe(backoffDelayMs(0, random, reconnectBaseDelayMs, reconnectMaxDelayMs));
  }

  #onTransportError(session: Session, error: MonitorClientError): void {
    if (session.purpose === 'probe') return; // a failed probe changes nothing the user sees
    if (session.name === 'polling') {
      session.failures += 1;
      this.#machine = transition(this.#machine, { type: 'poll-failed' });
    }
    this.#publish({ error });
    this.events.emit('error', error);
  }

  #onEnd(session: Session, end: TransportEnd): void {
    session.clearWatchdog();
    if (end.reason === 'unauthorized') {
      this.#halt(end.error);
      return;
    }
    if (session === this.#candidate) {
      this.#candidate = null;
      this.#roundRetryAfterMs = Math.max(this.#roundRetryAfterMs, end.retryAfterMs ?? 0);
      if (session.purpose === 'connect' && end.error) {
        this.#publish({ error: end.error });
        this.events.emit('error', end.error);
      }
      this.#tryNext(session.purpose === 'probe' ? 'probe' : 'connect');
      return;
    }
    // The current transport ended.
    this.#current = null;
    if (this.#candidate) this.#candidate.dispose(); // a probe in flight: start clean instead
    this.#candidate = null;
    this.#clearProbe();
    this.#resolveRefreshWaiters();
    if (session.name === 'polling') {
      this.#enterPolling(); // polling ends only on refusal, handled above; restart it if it did
      return;
    }
    this.#machine = transition(this.#machine, { type: 'dropped' });
    // A rotation of a connection that lived a while: come back at once (the contract's 1000).
    // Anything else, or a rotation loop, waits a jittered delay so a crowd does not stampede.
    const lived =
      session.openedAt !== null && Date.now() - session.openedAt >= this.#options.intervalMs;
    const { random, reconnectBaseDelayMs, reconnectMaxDelayMs } = this.#options;
    const delayMs =
      end.reason === 'rotation' && lived
        ? 0
        : (end.retryAfterMs ?? 0) +
          backoffDelayMs(0, random, reconnectBaseDelayMs, reconnectMaxDelayMs);
    this.#scheduleRound(delayMs, end.error ? { error: end.error } : {});
    if (end.error) this.events.emit('error', end.error);
  }

  // ── HTTP refresh ─────────────────────────────────────────────────────────────────────────

  async #fetchOnce(): Promise<void> {
    const signal = this.#lifetime.signal;
    const result = await fetchStatus(this.#options, null, signal);
    if (signal.aborted || !this.#running) return;
    if (result.kind === 'refused') {
      if (result.end.error) {
        this.#publish({ error: result.end.error });
        this.events.emit('error', result.end.error);
      }
      return;
    }
    if (result.kind !== 'ok') return;
    const { status } = result.update;
    const shown = this.getSnapshot().status;
    // A stream may have delivered something newer while this request was out.
    if (shown !== null && Date.parse(status.timestamp) < Date.parse(shown.timestamp)) return;
    const receivedAt = Date.now();
    this.#publish({ status, seq: null, receivedAt });
    this.events.emit('status', status, { seq: null, transport: 'polling', receivedAt });
  }

  // ── snapshot ─────────────────────────────────────────────────────────────────────────────

  #move(event: MachineEvent, patch: Partial<ClientSnapshot> = {}): void {
    this.#machine = transition(this.#machine, event);
    this.#publish(patch);
  }

  /** Rebuilds the snapshot from the machine and `patch`; notifies only when something changed. */
  #publish(patch: Partial<ClientSnapshot>): void {
    const previous = this.getSnapshot();
    const next: ClientSnapshot = {
      ...previous,
      ...patch,
      state: this.#machine.state,
      attempt: this.#machine.attempt,
      transport: this.#current?.name ?? null,
      paused: this.#pauses.has('offline')
        ? 'offline'
        : this.#pauses.has('hidden')
          ? 'hidden'
          : null,
    };
    if (this.replaceSnapshot(next) === null) return;
    this.notifySubscribers();
    this.emitStateChange(previous, next);
  }

  #resolveRefreshWaiters(): void {
    const waiters = this.#refreshWaiters;
    this.#refreshWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #clearProbe(): void {
    if (this.#probeTimer !== null) clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
  }
}

/** Creates a client; call `start()` to connect. Throws `InvalidOptionsError` for bad options. */
export function createMonitorClient(options: MonitorClientOptions): MonitorClient {
  return new MonitorClientCore(options);
}
