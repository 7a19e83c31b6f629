import { MonitorClientCore, type MonitorClient } from './client';
import type { ClientEvents } from './events';
import type { MonitorClientOptions } from './options';
import { SharedWorkerMonitorClient, type SharedWorkerLike } from './shared-worker';
import type { ClientSnapshot } from './snapshot';
import { SnapshotStore } from './snapshot-store';

/** The part of the Web Locks API the shared client uses (`navigator.locks`). */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => Promise<void>,
  ): Promise<unknown>;
}

/** The part of BroadcastChannel the shared client uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** Options of {@link createSharedMonitorClient} beyond the client's own. */
export interface SharedConnectionOptions {
  /**
   * Starts the SharedWorker that holds the connection (its script calls
   * `serveSharedConnection(self)`), e.g. `() => new SharedWorker(new URL('./live-worker.ts',
   * import.meta.url), { type: 'module', name: 'naija-monitor' })`. Used when the browser has
   * SharedWorker; `null` or unset: the leader-tab connection below.
   */
  worker?: (() => SharedWorkerLike) | null;
  /** Lock and channel name; tabs with the same name share one connection. @default 'naija-monitor' + baseUrl */
  name?: string;
  /** @default globalThis.navigator.locks */
  locks?: LockManagerLike | null;
  /** @default globalThis.BroadcastChannel */
  BroadcastChannel?: (new (name: string) => BroadcastChannelLike) | null;
}

/** Messages between the tabs of one origin. */
type TabMessage =
  { kind: 'snapshot'; snapshot: ClientSnapshot } | { kind: 'hello' } | { kind: 'refresh' };

function isTabMessage(data: unknown): data is TabMessage {
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (kind === 'hello' || kind === 'refresh') return true;
  return kind === 'snapshot' && typeof (data as { snapshot?: unknown }).snapshot === 'object';
}

/**
 * A client whose tabs share one live connection: the tab holding the Web Lock (the leader) runs
 * the real client and posts each snapshot on a BroadcastChannel; the others (followers) show
 * what it posts and ask it to refresh. When the leader goes (tab closed, `close()`), the browser
 * releases its lock, the next tab waiting for it becomes the leader and connects; it keeps
 * showing the last snapshot until its first update, so the page never empties. The fallback of
 * the SharedWorker connection (`shared-worker.ts`), which needs no leader. Without Web Locks or
 * BroadcastChannel it is a plain {@link MonitorClient}.
 */
export class SharedMonitorClient extends SnapshotStore implements MonitorClient {
  readonly #options: MonitorClientOptions;
  readonly #name: string;
  readonly #locks: LockManagerLike;
  readonly #Channel: new (name: string) => BroadcastChannelLike;
  #channel: BroadcastChannelLike | null = null;
  #leader: MonitorClientCore | null = null;
  #unsubscribeLeader: (() => void) | null = null;
  #releaseLock: (() => void) | null = null;
  #abort: AbortController | null = null;

  constructor(
    options: MonitorClientOptions,
    locks: LockManagerLike,
    Channel: new (name: string) => BroadcastChannelLike,
    name: string,
  ) {
    super();
    this.#options = options;
    this.#locks = locks;
    this.#Channel = Channel;
    this.#name = name;
  }

  /** True while this tab holds the connection. */
  get isLeader(): boolean {
    return this.#leader !== null;
  }

  refresh(): Promise<void> {
    if (this.#leader) return this.#leader.refresh();
    this.#channel?.postMessage({ kind: 'refresh' } satisfies TabMessage);
    return Promise.resolve();
  }

  start(): void {
    if (this.#channel) return;
    // Connecting from the first render, as a plain client is: the lock is granted a task later.
    if (this.getSnapshot().state === 'disconnected')
      this.#show({ ...this.getSnapshot(), state: 'connecting' });
    const channel = new this.#Channel(this.#name);
    this.#channel = channel;
    channel.addEventListener('message', (event) => this.#onMessage(event.data));
    channel.postMessage({ kind: 'hello' } satisfies TabMessage);
    const abort = new AbortController();
    this.#abort = abort;
    this.#locks
      .request(this.#name, { signal: abort.signal }, () => {
        if (abort.signal.aborted) return Promise.resolve();
        // Held until this tab closes or stops: the promise resolves only on release.
        return new Promise<void>((release) => {
          this.#releaseLock = release;
          this.#lead();
        });
      })
      .catch(() => undefined); // aborted while waiting: this tab stopped before it led
  }

  close(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.#unsubscribeLeader?.();
    this.#unsubscribeLeader = null;
    this.#leader?.close();
    this.#leader = null;
    this.#releaseLock?.();
    this.#releaseLock = null;
    this.#channel?.close();
    this.#channel = null;
    this.#show({
      ...this.getSnapshot(),
      state: 'disconnected',
      transport: null,
      nextRetryAt: null,
    });
  }

  #lead(): void {
    // The leader does not pause while its own tab is hidden: other tabs may be in view.
    // It resumes after the last seq the old leader posted: the server sends the updates
    // published during the handover, so no tab skips a seq (#17).
    const held = this.getSnapshot().seq;
    const leader = new MonitorClientCore({
      ...this.#options,
      document: null,
      ...(held !== null ? { lastSeq: held } : {}),
    });
    this.#leader = leader;
    const forward = <E extends keyof ClientEvents>(event: E) =>
      leader.on(event, ((...args: Parameters<ClientEvents[E]>) =>
        this.events.emit(event, ...args)) as ClientEvents[E]);
    const offs = [forward('error'), forward('state')];
    const offSnapshot = leader.subscribe(() => {
      const snapshot = leader.getSnapshot();
      // Until its own first update, the new leader keeps the last status the old one posted.
      const shown =
        snapshot.status === null && this.getSnapshot().status !== null
          ? { ...snapshot, status: this.getSnapshot().status, seq: this.getSnapshot().seq }
          : snapshot;
      this.#channel?.postMessage({ kind: 'snapshot', snapshot: shown } satisfies TabMessage);
      this.#show(shown);
    });
    this.#unsubscribeLeader = () => {
      offSnapshot();
      for (const off of offs) off();
    };
    leader.start();
  }

  #onMessage(data: unknown): void {
    if (!isTabMessage(data)) return;
    if (data.kind === 'snapshot') {
      if (this.#leader === null) this.#show(data.snapshot);
    } else if (this.#leader !== null) {
      if (data.kind === 'hello')
        this.#channel?.postMessage({
          kind: 'snapshot',
          snapshot: this.getSnapshot(),
        } satisfies TabMessage);
      else void this.#leader.refresh();
    }
  }

  #show(snapshot: ClientSnapshot): void {
    const previous = this.replaceSnapshot(snapshot);
    if (previous === null) return;
    if (
      this.#leader === null &&
      snapshot.status !== null &&
      snapshot.seq !== previous.seq &&
      snapshot.transport !== null
    ) {
      this.events.emit('status', snapshot.status, {
        seq: snapshot.seq,
        transport: snapshot.transport,
        receivedAt: snapshot.receivedAt ?? Date.now(),
      });
    } else if (this.#leader !== null && snapshot.status !== previous.status && snapshot.status) {
      this.events.emit('status', snapshot.status, {
        seq: snapshot.seq,
        transport: snapshot.transport ?? 'websocket',
        receivedAt: snapshot.receivedAt ?? Date.now(),
      });
    }
    this.notifySubscribers();
  }
}

/**
 * A client for browser tabs that share one connection per origin: held by a SharedWorker
 * ({@link SharedWorkerMonitorClient}) when `shared.worker` is given and the browser has
 * SharedWorker, else by a leader tab ({@link SharedMonitorClient}); a plain client where Web
 * Locks or BroadcastChannel are missing too.
 */
export function createSharedMonitorClient(
  options: MonitorClientOptions,
  shared: SharedConnectionOptions = {},
): MonitorClient {
  const global = globalThis as {
    SharedWorker?: unknown;
    navigator?: { locks?: LockManagerLike };
    BroadcastChannel?: new (name: string) => BroadcastChannelLike;
  };
  const locks = shared.locks === undefined ? (global.navigator?.locks ?? null) : shared.locks;
  const Channel =
    shared.BroadcastChannel === undefined
      ? (global.BroadcastChannel ?? null)
      : shared.BroadcastChannel;
  if (shared.worker && typeof global.SharedWorker === 'function')
    return new SharedWorkerMonitorClient(options, shared.worker);
  if (locks === null || Channel === null) return new MonitorClientCore(options);
  return new SharedMonitorClient(
    options,
    locks,
    Channel,
    shared.name ?? `naija-monitor ${options.baseUrl}`,
  );
}
