import { MonitorClientCore, type MonitorClient } from './client';
import type { MonitorClientOptions } from './options';
import type { ClientSnapshot } from './snapshot';
import { SnapshotStore } from './snapshot-store';
import { parseBaseUrl } from './urls';

/**
 * One live connection for every tab of an origin, held by a SharedWorker: the worker runs the
 * one real client ({@link serveSharedConnection}) and posts each snapshot to every tab's port;
 * a tab ({@link SharedWorkerMonitorClient}) shows what it is posted and asks the worker to
 * refresh. Closing tabs never moves the connection: it lives as long as one tab does, so the
 * tabs that stay see every `seq` the server sends. The leader-tab client (`shared-client.ts`)
 * is the fallback where SharedWorker is missing.
 *
 * ```
 *   tab ── hello{options} ─▶ worker (first hello starts the client)
 *   tab ◀─ snapshot ──────── worker (at once, then on every change, to every port)
 *   tab ── refresh ────────▶ worker (client.refresh())
 *   tab ── bye ────────────▶ worker (port forgotten; the last one closes the client)
 * ```
 */

/** The part of a `MessagePort` the shared connection uses. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** The part of a `SharedWorker` the tab side uses. */
export interface SharedWorkerLike {
  readonly port: MessagePortLike;
}

/** The part of a `SharedWorkerGlobalScope` the worker side uses. */
export interface SharedWorkerScopeLike {
  addEventListener(
    type: 'connect',
    listener: (event: { ports: readonly MessagePortLike[] }) => void,
  ): void;
}

/** The options a tab hands the worker: plain values only (functions do not cross a port). */
export type SharedWorkerClientOptions = Pick<
  MonitorClientOptions,
  | 'baseUrl'
  | 'token'
  | 'intervalMs'
  | 'maxReconnectAttempts'
  | 'pollIntervalMs'
  | 'probeIntervalMs'
  | 'transports'
  | 'reconnectBaseDelayMs'
  | 'reconnectMaxDelayMs'
  | 'protocol'
>;

type TabMessage =
  { kind: 'hello'; options: SharedWorkerClientOptions } | { kind: 'refresh' } | { kind: 'bye' };

const PLAIN_OPTIONS = [
  'token',
  'intervalMs',
  'maxReconnectAttempts',
  'pollIntervalMs',
  'probeIntervalMs',
  'transports',
  'reconnectBaseDelayMs',
  'reconnectMaxDelayMs',
  'protocol',
] as const;

/** The plain options of `options`, with `baseUrl` made absolute against the tab's page. */
export function sharedWorkerOptions(options: MonitorClientOptions): SharedWorkerClientOptions {
  // A relative baseUrl would resolve against the worker script's URL inside the worker.
  const plain: SharedWorkerClientOptions = { baseUrl: parseBaseUrl(options.baseUrl).href };
  for (const key of PLAIN_OPTIONS) {
    if (options[key] !== undefined) (plain as Record<string, unknown>)[key] = options[key];
  }
  return plain;
}

/**
 * The worker side: call once at the top of the SharedWorker script with its global scope.
 * The first tab's options start the client (with `local` on top: what cannot cross a port,
 * such as a `WebSocket` or `fetch`); the last tab's `bye` closes it.
 */
export function serveSharedConnection(
  scope: SharedWorkerScopeLike,
  local: Omit<Partial<MonitorClientOptions>, 'baseUrl'> = {},
): void {
  const ports = new Set<MessagePortLike>();
  let client: MonitorClientCore | null = null;
  const post = (port: MessagePortLike) => {
    if (client) port.postMessage({ kind: 'snapshot', snapshot: client.getSnapshot() });
  };
  scope.addEventListener('connect', (event) => {
    for (const port of event.ports) {
      port.addEventListener('message', ({ data }) => {
        const message = data as TabMessage | null;
        if (message?.kind === 'hello' && typeof message.options?.baseUrl === 'string') {
          ports.add(port);
          if (!client) {
            // No page to watch in a worker: never paused for a hidden tab.
            client = new MonitorClientCore({
              ...message.options,
              document: null,
              window: null,
              ...local,
            });
            client.subscribe(() => ports.forEach(post));
            client.start();
          }
          post(port);
        } else if (message?.kind === 'refresh') {
          void client?.refresh();
        } else if (message?.kind === 'bye') {
          ports.delete(port);
          port.close();
          if (ports.size === 0) {
            client?.close();
            client = null;
          }
        }
      });
      port.start();
    }
  });
}

/** The tab side of the SharedWorker connection; see the file header. */
export class SharedWorkerMonitorClient extends SnapshotStore implements MonitorClient {
  readonly #options: MonitorClientOptions;
  readonly #createWorker: () => SharedWorkerLike;
  #port: MessagePortLike | null = null;

  constructor(options: MonitorClientOptions, createWorker: () => SharedWorkerLike) {
    super();
    this.#options = options;
    this.#createWorker = createWorker;
  }

  refresh(): Promise<void> {
    this.#port?.postMessage({ kind: 'refresh' } satisfies TabMessage);
    return Promise.resolve();
  }

  start(): void {
    if (this.#port) return;
    const options = sharedWorkerOptions(this.#options);
    const port = this.#createWorker().port;
    this.#port = port;
    if (this.getSnapshot().state === 'disconnected')
      this.#show({ ...this.getSnapshot(), state: 'connecting' });
    port.addEventListener('message', ({ data }) => {
      const snapshot = (data as { kind?: unknown; snapshot?: ClientSnapshot } | null)?.snapshot;
      if (this.#port === port && typeof snapshot === 'object' && snapshot !== null)
        this.#show(snapshot);
    });
    port.start();
    port.postMessage({ kind: 'hello', options } satisfies TabMessage);
  }

  close(): void {
    this.#port?.postMessage({ kind: 'bye' } satisfies TabMessage);
    this.#port?.close();
    this.#port = null;
    this.#show({
      ...this.getSnapshot(),
      state: 'disconnected',
      transport: null,
      nextRetryAt: null,
    });
  }

  #show(snapshot: ClientSnapshot): void {
    const previous = this.replaceSnapshot(snapshot);
    if (previous === null) return;
    this.emitStateChange(previous, snapshot);
    if (snapshot.status !== null && snapshot.seq !== previous.seq && snapshot.transport !== null)
      this.events.emit('status', snapshot.status, {
        seq: snapshot.seq,
        transport: snapshot.transport,
        receivedAt: snapshot.receivedAt ?? Date.now(),
      });
    this.notifySubscribers();
  }
}
