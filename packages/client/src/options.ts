import { DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_MAX_MS } from './backoff';
import { InvalidOptionsError } from './errors';
import type { TransportName } from './state-machine';
import { parseBaseUrl } from './urls';

/** The part of the WebSocket API the client uses; the browser's class and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string }) => void,
  ): void;
}
/** A WebSocket constructor: the browser's `WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructorLike = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** The part of the EventSource API the client uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void;
  close(): void;
}
/** An EventSource constructor (the browser's, or a polyfill). */
export type EventSourceConstructorLike = new (url: string) => EventSourceLike;

/** `fetch` as the client calls it. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Where page visibility comes from (`document` in a browser). */
export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** Where `online`/`offline` come from (`window` in a browser). */
export interface NetworkSource {
  readonly navigator?: { readonly onLine?: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** Options of `createMonitorClient`. Only `baseUrl` is required. */
export interface MonitorClientOptions {
  /** `http(s)://host[:port][/prefix]`; the WebSocket URL is derived (`http` → `ws`, `https` → `wss`). In a browser it may be relative to the page. */
  baseUrl: string;
  /** Sent as `?token=` on the WebSocket and SSE handshakes and as `Authorization: Bearer` over HTTP. @default none */
  token?: string;
  /** The server's broadcast interval; the watchdog reconnects after 3 intervals without an update. @default 5000 */
  intervalMs?: number;
  /** Failed rounds (every streaming transport tried once) before falling back to polling. @default 5 */
  maxReconnectAttempts?: number;
  /** Time between polls in polling mode. @default 5000 */
  pollIntervalMs?: number;
  /** While polling (or on a transport below the first), how often to try the better transports again. @default 30000 */
  probeIntervalMs?: number;
  /** Transports in order of preference; the one that worked is kept. @default ['websocket', 'sse', 'polling'] */
  transports?: TransportName[];
  /** Base of the reconnect backoff (full jitter). @default 1000 */
  reconnectBaseDelayMs?: number;
  /** Ceiling of the reconnect backoff. @default 30000 */
  reconnectMaxDelayMs?: number;
  /** WebSocket implementation; pass `WebSocket` from `ws` on Node 20. @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructorLike;
  /** Use this EventSource for SSE instead of the built-in reader over `fetch` (which sees HTTP statuses). @default none */
  EventSource?: EventSourceConstructorLike;
  /** fetch implementation for SSE and HTTP. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Source of randomness for the backoff jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Live protocol: 2 asks for the full document once, then merge patches (WebSocket subprotocol
   * `naija-monitor.v2`, SSE `?v=2`); a server that does not offer v2 keeps sending v1, which is
   * read as such. 1 never asks. @default 2
   */
  protocol?: 1 | 2;
  /**
   * The `seq` of the status already shown (a tab taking over a shared connection): the first
   * WebSocket connection resumes after it, and the server sends the updates after it that it
   * still holds, so no seq is skipped. Later connections resume after the newest seq received.
   * @default none
   */
  lastSeq?: number;
  /** Pause while hidden; `null` disables. @default globalThis.document when it exists */
  document?: VisibilitySource | null;
  /** Pause while offline; `null` disables. @default globalThis when it has addEventListener (a browser window) */
  window?: NetworkSource | null;
}

/** Options with every default applied and checked. */
export interface ResolvedOptions {
  readonly baseUrl: URL;
  readonly token: string | null;
  readonly intervalMs: number;
  /** No update for this long means the connection is dead (3 intervals). */
  readonly watchdogMs: number;
  readonly maxReconnectAttempts: number;
  readonly pollIntervalMs: number;
  readonly probeIntervalMs: number;
  /** The configured order, minus transports this platform cannot run. */
  readonly transports: readonly TransportName[];
  readonly reconnectBaseDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly WebSocket: WebSocketConstructorLike | null;
  /** Live protocol asked for (see {@link MonitorClientOptions.protocol}). */
  readonly protocol: 1 | 2;
  readonly EventSource: EventSourceConstructorLike | null;
  readonly fetch: FetchLike | null;
  readonly random: () => number;
  readonly document: VisibilitySource | null;
  readonly window: NetworkSource | null;
  /** The seq a new connection resumes after, asked at each connection (set by the client). */
  readonly lastSeq?: () => number | null;
}

const ALL_TRANSPORTS: readonly TransportName[] = ['websocket', 'sse', 'polling'];

/** Applies defaults and validates; throws `InvalidOptionsError` naming the bad option. */
export function resolveOptions(options: MonitorClientOptions): ResolvedOptions {
  const global = globalThis as typeof globalThis & {
    WebSocket?: WebSocketConstructorLike;
    fetch?: FetchLike;
    document?: VisibilitySource;
    addEventListener?: unknown;
  };
  const fetchImpl = options.fetch ?? global.fetch;
  // Called as a plain function: browsers throw "Illegal invocation" for `someObject.fetch(...)`.
  const fetch: FetchLike | null = fetchImpl ? (input, init) => fetchImpl(input, init) : null;
  const WebSocket = options.WebSocket ?? global.WebSocket ?? null;
  const EventSource = options.EventSource ?? null;

  const requested = options.transports ?? ALL_TRANSPORTS;
  if (requested.length === 0)
    throw new InvalidOptionsError('transports', 'must name at least one transport');
  for (const name of requested) {
    if (!ALL_TRANSPORTS.includes(name))
      throw new InvalidOptionsError('transports', `unknown transport "${String(name)}"`);
  }
  const available = (name: TransportName): boolean =>
    name === 'websocket'
      ? WebSocket !== null
      : name === 'sse'
        ? EventSource !== null || fetch !== null
        : fetch !== null;
  const transports = [...new Set(requested)].filter(available);
  if (transports.length === 0) {
    throw new InvalidOptionsError(
      'transports',
      'none of them can run here: pass WebSocket or fetch',
    );
  }

  const intervalMs = positive('intervalMs', options.intervalMs, 5000);
  const reconnectBaseDelayMs = positive(
    'reconnectBaseDelayMs',
    options.reconnectBaseDelayMs,
    DEFAULT_BACKOFF_BASE_MS,
  );
  return {
    baseUrl: parseBaseUrl(options.baseUrl),
    token: options.token === undefined || options.token === '' ? null : options.token,
    intervalMs,
    watchdogMs: 3 * intervalMs,
    maxReconnectAttempts: positiveInteger('maxReconnectAttempts', options.maxReconnectAttempts, 5),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, 5000),
    probeIntervalMs: positive('probeIntervalMs', options.probeIntervalMs, 30_000),
    transports,
    reconnectBaseDelayMs,
    reconnectMaxDelayMs: Math.max(
      reconnectBaseDelayMs,
      positive('reconnectMaxDelayMs', options.reconnectMaxDelayMs, DEFAULT_BACKOFF_MAX_MS),
    ),
    WebSocket,
    EventSource,
    fetch,
    protocol: protocolOption(options.protocol),
    random: options.random ?? Math.random,
    document: options.document === undefined ? (global.document ?? null) : options.document,
    window:
      options.window === undefined
        ? typeof global.addEventListener === 'function'
          ? (global as unknown as NetworkSource)
          : null
        : options.window,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidOptionsError(name, `expected a positive number, got ${value}`);
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const result = positive(name, value, fallback);
  if (!Number.isInteger(result))
    throw new InvalidOptionsError(name, `expected a whole number, got ${result}`);
  return result;
}

function protocolOption(value: unknown): 1 | 2 {
  if (value === undefined) return 2;
  if (value === 1 || value === 2) return value;
  throw new InvalidOptionsError('protocol', `expected 1 or 2, got ${String(value)}`);
}
