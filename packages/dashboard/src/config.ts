/**
 * Where the dashboard finds the monitor's API. Highest priority first:
 *   1. `?api=` (and `?token=`) in the page's address, for a one-off look at another server;
 *   2. `window.__MONITOR_CONFIG__`, set by `/config.js`: the monitor server serves it; a static
 *      host of `dist/` may ship its own. One build then serves every environment;
 *   3. `VITE_MONITOR_URL` at build time;
 *   4. the page's own origin (the server serves the dashboard itself).
 */

/** What `/config.js` may put in `window.__MONITOR_CONFIG__`. Every field is optional. */
export interface InjectedMonitorConfig {
  /** Base URL of the monitor API, e.g. `https://monitor.example.org`. */
  apiUrl?: string;
  /** Token sent on the live handshake (`?token=`) and as `Authorization: Bearer`. */
  token?: string;
  /** The server's `BROADCAST_INTERVAL` in ms (the client's watchdog waits 3 of them). */
  intervalMs?: number;
  /** Time between polls while WebSocket and SSE are unavailable. */
  pollIntervalMs?: number;
  /** While polling, how often to try WebSocket again. */
  probeIntervalMs?: number;
  /** Base of the reconnect backoff. */
  reconnectBaseDelayMs?: number;
  /** Ceiling of the reconnect backoff. */
  reconnectMaxDelayMs?: number;
  /** Failed reconnect rounds before polling. */
  maxReconnectAttempts?: number;
}

/** The client tunables `/config.js` may set (a subset of the client's options). */
export type ClientTunables = Omit<InjectedMonitorConfig, 'apiUrl' | 'token'>;

const TUNABLES: ReadonlyArray<{ key: keyof ClientTunables; min: number; integer?: boolean }> = [
  { key: 'intervalMs', min: 50 },
  { key: 'pollIntervalMs', min: 100 },
  { key: 'probeIntervalMs', min: 100 },
  { key: 'reconnectBaseDelayMs', min: 10 },
  { key: 'reconnectMaxDelayMs', min: 10 },
  { key: 'maxReconnectAttempts', min: 1, integer: true },
];

declare global {
  interface Window {
    /** Run-time settings from `/config.js`; see {@link InjectedMonitorConfig}. */
    __MONITOR_CONFIG__?: InjectedMonitorConfig;
  }
}

/** Where the API base URL came from. */
export type ConfigSource = 'query' | 'runtime' | 'build' | 'origin';

/** The settings the dashboard starts its client with. */
export interface MonitorConfig {
  /** Absolute base URL of the API, without a trailing slash. */
  apiUrl: string;
  token: string | undefined;
  /** Client options from `/config.js`; absent ones keep the client's defaults. */
  tunables: ClientTunables;
  source: ConfigSource;
  /** Settings that were present but unusable (shown in the footer rather than thrown). */
  warnings: string[];
}

/** The inputs of {@link resolveMonitorConfig}, passed in so the logic stays testable. */
export interface ConfigInputs {
  /** `location.search` of the page. */
  search: string;
  /** `location.origin` of the page. */
  origin: string;
  /** `window.__MONITOR_CONFIG__` (untrusted: any shape). */
  injected: unknown;
  /** `import.meta.env.VITE_MONITOR_URL`. */
  buildUrl: string | undefined;
  /** The link's token, kept in `sessionStorage` after leaving the address bar (url-token.ts). */
  sessionToken?: string | undefined;
}

/** Resolves the API base URL, token and polling interval from the page and its build. */
export function resolveMonitorConfig(inputs: ConfigInputs): MonitorConfig {
  const warnings: string[] = [];
  const params = new URLSearchParams(inputs.search);
  const injected = readInjected(inputs.injected, warnings);

  const candidates: Array<[ConfigSource, string | undefined]> = [
    ['query', params.get('api') ?? undefined],
    ['runtime', injected.apiUrl],
    ['build', inputs.buildUrl],
  ];
  let apiUrl = trimSlash(inputs.origin);
  let source: ConfigSource = 'origin';
  for (const [from, raw] of candidates) {
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = toHttpUrl(raw.trim(), inputs.origin);
    if (parsed === null) {
      warnings.push(`Ignored API URL from ${from} ("${raw}"): not an http(s) URL.`);
      continue;
    }
    apiUrl = parsed;
    source = from;
    break;
  }

  // A link may point the page at another server; never hand that server the deployment's token.
  const queryToken = params.get('token') || inputs.sessionToken || undefined;
  const token = queryToken ?? (source === 'query' ? undefined : injected.token);

  const { apiUrl: _api, token: _token, ...tunables } = injected;
  return { apiUrl, token: token || undefined, tunables, source, warnings };
}

function readInjected(value: unknown, warnings: string[]): InjectedMonitorConfig {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') {
    warnings.push('Ignored window.__MONITOR_CONFIG__: not an object.');
    return {};
  }
  const record = value as Record<string, unknown>;
  const out: InjectedMonitorConfig = {};
  if (typeof record.apiUrl === 'string') out.apiUrl = record.apiUrl;
  if (typeof record.token === 'string') out.token = record.token;
  for (const { key, min, integer } of TUNABLES) {
    const value = record[key];
    if (value === undefined) continue;
    if (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      (!integer || Number.isInteger(value))
    ) {
      out[key] = value;
    } else {
      warnings.push(
        `Ignored ${key} from /config.js: expected ${integer ? 'an integer' : 'a number'} ≥ ${min}.`,
      );
    }
  }
  return out;
}

function toHttpUrl(raw: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.search = '';
  url.hash = '';
  return trimSlash(url.toString());
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
