import { hostname } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import { parseTokenList, type NamedToken } from './access/auth';
import { parseAllowedHosts } from './access/host-policy';
import type { DocumentLimits } from './status/document-bounds';
import { RETENTION_VARIABLES, type RetentionSettings } from './store/retention-policy';
import { proxyEntryError } from './access/ip-ranges';
import { ConfigError } from './errors';

export { ConfigError };

/** Every setting of the server, parsed and validated from the environment in one place. */
export interface Config {
  /**
   * `STATUS_MAX_SOURCES`, `STATUS_MAX_ANOMALIES`, `STATUS_MAX_ALERTS`,
   * `STATUS_MAX_DOCUMENT_BYTES`: what one status document may list; the rest is counted in
   * `omitted`. @default 100, 50, 50, 49152
   */
  documentLimits: DocumentLimits;
  /**
   * `STATUS_MAX_STATES`: most states the conflict detectors test (the busiest), so invented
   * state names cannot multiply the work and the alerts. @default 60
   */
  maxStates: number;
  /**
   * `INGEST_MAX_FUTURE_SECONDS` in ms: ingested timestamps later than now plus this are
   * refused (400), so they cannot blind the silence and stall detectors. @default 300000
   */
  ingestMaxFutureMs: number;
  /** `PORT`, HTTP and WebSocket port. @default 8000 */
  port: number;
  /** `HOST`, address to listen on. @default '0.0.0.0' */
  host: string;
  /** `DATABASE_URL`; unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** `DATA_DIR`, PGlite's directory (`memory` for an in-memory database). @default './data' */
  dataDir: string;
  /** `REDIS_URL`; unset: in-process bus. */
  redisUrl: string | undefined;
  /**
   * `REDIS_PREFIX`: prefix of this monitor's Redis channel and keys. The default names the
   * database, so processes on one database share a status and monitors of different databases
   * sharing one Redis never mix theirs. @default 'naija-monitor:db-<hash of DATABASE_URL's host, port, database>:'
   */
  redisPrefix: string;
  /** `BROADCAST_INTERVAL` (seconds, decimals allowed) in ms. @default 5000 */
  broadcastIntervalMs: number;
  /** `MAX_CONNECTIONS`, live connections per process; beyond: 503. @default 19000 */
  maxConnections: number;
  /** `MAX_CONNECTIONS_PER_IP`; beyond: 429. @default 256 */
  maxConnectionsPerIp: number;
  /** `HANDSHAKES_PER_IP_PER_MINUTE`, new live connections per IP per minute; beyond: 429. @default 600 */
  handshakesPerIpPerMinute: number;
  /**
   * `MAX_HANDSHAKES_PER_SECOND`, new live connections per second from all addresses; beyond:
   * 503 with a `Retry-After` (paces a reconnect storm after a restart). @default 2000
   */
  maxHandshakesPerSecond: number;
  /** `CONNECTION_TIMEOUT` (seconds) in ms: no pong for this long closes a peer. @default 60000 */
  connectionTimeoutMs: number;
  /** `CONNECTION_MAX_AGE` (seconds) in ms: connections are rotated after this (with jitter). @default 1800000 */
  connectionMaxAgeMs: number;
  /** `PING_INTERVAL` (seconds) in ms: protocol pings, below PaaS proxy idle limits. @default 25000 */
  pingIntervalMs: number;
  /** `MAX_MESSAGE_BYTES`: largest client frame; larger closes with 1009. @default 4096 */
  maxMessageBytes: number;
  /**
   * Secrets that may read (status, live transports, metrics, alert history): `AUTH_TOKENS`,
   * plus the `ADMIN_TOKENS` secrets when `AUTH_TOKENS` is set (an admin token also reads).
   * Empty: dashboards need no token.
   */
  authTokens: string[];
  /**
   * Secrets of `INGEST_TOKENS`. Empty here means none configured: `main.ts` then generates one
   * under the data directory (see `ingest-token-file.ts`); without any, ingest answers 403.
   */
  ingestTokens: string[];
  /**
   * `ADMIN_TOKENS` (`name:secret` allowed): acknowledging, silencing and every other alert
   * write; the name is the recorded actor. Empty: alert writes are closed (403).
   */
  adminTokens: NamedToken[];
  /** `PUBLIC_URL`: the address users reach the monitor at (its host joins `ALLOWED_HOSTS`). */
  publicUrl: string | undefined;
  /**
   * `ALLOWED_HOSTS`: `Host` values answered (name or address, optional `:port`; `*` for any).
   * Others get 421, which defeats DNS rebinding. @default localhost, 127.0.0.1, [::1] and PUBLIC_URL's host
   */
  allowedHosts: string[];
  /** `MAX_ACTIVE_SILENCES`: silences in force or scheduled at once. @default 100 */
  maxActiveSilences: number;
  /** `MAX_SILENCE_DURATION` (seconds) in ms: longest silence or acknowledgement expiry. @default 7 days */
  maxSilenceDurationMs: number;
  /** Per-client HTTP rate limits (requests per minute per address, IPv6 by /64). */
  rateLimits: RateLimits;
  /** `CORS_ORIGINS`; empty: same origin only. */
  corsOrigins: string[];
  /** `DASHBOARD_API_URL`: API base URL the served dashboard connects to; unset: same origin. */
  dashboardApiUrl: string | undefined;
  /**
   * `TRUST_PROXY`: proxies in front whose X-Forwarded-For is believed. `false`: none (the socket
   * peer is the client); `true`: a proxy on this host or a private network (loopback,
   * 10/8, 172.16/12, 192.168/16, link-local, fc00::/7); or a comma-separated list of addresses,
   * CIDRs, `loopback` and `private`. The client is the first untrusted hop from the right; a
   * peer outside the list is the client whatever it sends. True when any proxy is trusted.
   * @default false
   */
  trustProxy: boolean;
  /** The `TRUST_PROXY` list; empty for `false`, and for `true` (loopback and private). */
  trustedProxies: string[];
  /** `ALERT_WEBHOOK_URLS`: Slack-compatible webhook targets for alert notifications. */
  alertWebhookUrls: string[];
  /** `STATEMENT_TIMEOUT` (seconds) in ms, for every database statement. @default 5000 */
  statementTimeoutMs: number;
  /** `LOG_LEVEL`. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `NODE_ID`: this process's name in logs, metrics and the bus. @default hostname-pid-random */
  nodeId: string;
  /** `RETENTION_*_DAYS` and `RETENTION_INTERVAL`: how long rows are kept (see `store/retention-policy.ts`). */
  retention: RetentionSettings;
  /** `STATUS_HISTORY_DAYS`: days of published status documents kept for replay (`?at=`). @default 7 */
  statusHistoryDays: number;
}

/** Requests per minute per client address; beyond: 429 with `Retry-After`. */
export interface RateLimits {
  /** `STATUS_REQUESTS_PER_IP_PER_MINUTE`: status polls (and alert/metrics reads). @default 1200 */
  statusPerMinute: number;
  /** `SSE_OPENS_PER_IP_PER_MINUTE`: new Server-Sent Events streams. @default HANDSHAKES_PER_IP_PER_MINUTE */
  sseOpensPerMinute: number;
  /** `INGEST_REQUESTS_PER_IP_PER_MINUTE`: ingest API calls. @default 1200 */
  ingestPerMinute: number;
  /** `ALERT_WRITES_PER_IP_PER_MINUTE`: acknowledgements and silences. @default 60 */
  alertWritesPerMinute: number;
  /** `AUTH_FAILURES_PER_IP_PER_MINUTE`: 401 answers before every request is refused. @default 30 */
  authFailuresPerMinute: number;
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function number(
  env: Env,
  name: string,
  fallback: number,
  opts: { min: number; max: number; integer?: boolean },
): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (opts.integer && !Number.isInteger(value))) {
    throw new ConfigError(
      name,
      `expected ${opts.integer ? 'an integer' : 'a number'}, got "${raw}"`,
    );
  }
  if (value < opts.min || value > opts.max) {
    throw new ConfigError(name, `must be between ${opts.min} and ${opts.max}, got ${value}`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true/false (or 1/0, yes/no, on/off), got "${raw}"`);
}

/** `TRUST_PROXY`: a boolean as before, or a list of proxy addresses, CIDRs and range names. */
function trustProxy(env: Env): Pick<Config, 'trustProxy' | 'trustedProxies'> {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || /^(1|true|yes|on|0|false|no|off)$/i.test(raw.trim())) {
    return { trustProxy: flag(env, 'TRUST_PROXY', false), trustedProxies: [] };
  }
  const trustedProxies = list(env, 'TRUST_PROXY');
  for (const entry of trustedProxies) {
    const problem = proxyEntryError(entry);
    if (problem) throw new ConfigError('TRUST_PROXY', `${problem}; or use true/false`);
  }
  return { trustProxy: trustedProxies.length > 0, trustedProxies };
}

function list(env: Env, name: string): string[] {
  return (text(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a URL: "${raw.replace(/\/\/[^@/]*@/, '//***@')}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got ${parsed.protocol}`);
  }
  return raw;
}

const LOG_LEVELS: Config['logLevel'][] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** `naija-monitor:db-<8 hex>:` for the database of `databaseUrl` (credentials left out). */
function defaultRedisPrefix(databaseUrl: string | undefined): string {
  if (databaseUrl === undefined) return 'naija-monitor:';
  const url = new URL(databaseUrl);
  const where = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return `naija-monitor:db-${createHash('sha256').update(where).digest('hex').slice(0, 8)}:`;
}

/**
 * `RETENTION_*_DAYS`: 0 keeps for ever; otherwise at least the variable's floor, so retention
 * never deletes rows the status or the detectors read.
 */
function retention(env: Env): RetentionSettings {
  const settings = {
    intervalMs: Math.round(
      number(env, 'RETENTION_INTERVAL', 3600, { min: 60, max: 7 * 86_400 }) * 1000,
    ),
  } as RetentionSettings;
  for (const { key, variable, defaultDays, minDays } of RETENTION_VARIABLES) {
    const days = number(env, variable, defaultDays, { min: 0, max: 36_500, integer: true });
    if (days !== 0 && days < minDays) {
      throw new ConfigError(
        variable,
        `must be 0 (keep for ever) or at least ${minDays} days, got ${days}: the status and the ` +
          'anomaly detectors read that far back, and retention must never change what they see',
      );
    }
    settings[key] = days;
  }
  return settings;
}

/** Reads and validates every setting; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const seconds = (name: string, fallback: number, min: number, max: number) =>
    Math.round(number(env, name, fallback, { min, max }) * 1000);
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const corsOrigins = list(env, 'CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `"${origin}" is not an origin like https://example.org (no path)`,
      );
    }
  }
  const redisPrefix = text(env, 'REDIS_PREFIX') ?? defaultRedisPrefix(databaseUrl);
  if (!/^[\w.:-]{1,100}$/.test(redisPrefix)) {
    throw new ConfigError(
      'REDIS_PREFIX',
      `letters, digits, '_', '.', ':' and '-' only, got "${redisPrefix}"`,
    );
  }
  const alertWebhookUrls = list(env, 'ALERT_WEBHOOK_URLS');
  alertWebhookUrls.forEach((_, i) =>
    url({ ALERT_WEBHOOK_URLS: alertWebhookUrls[i] }, 'ALERT_WEBHOOK_URLS', ['http:', 'https:']),
  );
  const tokens = (name: string, defaultName: string): NamedToken[] => {
    try {
      return parseTokenList(list(env, name), defaultName);
    } catch (error) {
      throw new ConfigError(name, (error as Error).message);
    }
  };
  const readTokens = tokens('AUTH_TOKENS', 'reader');
  const adminTokens = tokens('ADMIN_TOKENS', 'admin');
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']);
  let allowedHosts: string[];
  try {
    allowedHosts = parseAllowedHosts(list(env, 'ALLOWED_HOSTS'), publicUrl);
  } catch (error) {
    throw new ConfigError('ALLOWED_HOSTS', (error as Error).message);
  }
  const perMinute = (name: string, fallback: number) =>
    number(env, name, fallback, { min: 1, max: 10_000_000, integer: true });
  const handshakesPerIpPerMinute = perMinute('HANDSHAKES_PER_IP_PER_MINUTE', 600);
  const config: Config = {
    documentLimits: {
      maxSources: number(env, 'STATUS_MAX_SOURCES', 100, { min: 1, max: 10_000, integer: true }),
      maxAnomalies: number(env, 'STATUS_MAX_ANOMALIES', 50, { min: 1, max: 10_000, integer: true }),
      maxAlerts: number(env, 'STATUS_MAX_ALERTS', 50, { min: 1, max: 10_000, integer: true }),
      maxTextChars: 300,
      maxDocumentBytes: number(env, 'STATUS_MAX_DOCUMENT_BYTES', 48 * 1024, {
        min: 8 * 1024,
        max: 16 * 1024 * 1024,
        integer: true,
      }),
    },
    maxStates: number(env, 'STATUS_MAX_STATES', 60, { min: 37, max: 10_000, integer: true }),
    ingestMaxFutureMs: seconds('INGEST_MAX_FUTURE_SECONDS', 300, 0, 7 * 86_400),
    port: number(env, 'PORT', 8000, { min: 0, max: 65535, integer: true }),
    host: text(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: text(env, 'DATA_DIR') ?? './data',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix,
    broadcastIntervalMs: seconds('BROADCAST_INTERVAL', 5, 0.05, 3600),
    maxConnections: number(env, 'MAX_CONNECTIONS', 19_000, {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    maxConnectionsPerIp: number(env, 'MAX_CONNECTIONS_PER_IP', 256, {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    handshakesPerIpPerMinute,
    maxHandshakesPerSecond: number(env, 'MAX_HANDSHAKES_PER_SECOND', 2000, {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    connectionTimeoutMs: seconds('CONNECTION_TIMEOUT', 60, 0.1, 86_400),
    connectionMaxAgeMs: seconds('CONNECTION_MAX_AGE', 1800, 1, 7 * 86_400),
    pingIntervalMs: seconds('PING_INTERVAL', 25, 0.05, 3600),
    maxMessageBytes: number(env, 'MAX_MESSAGE_BYTES', 4096, {
      min: 64,
      max: 16 * 1024 * 1024,
      integer: true,
    }),
    authTokens:
      readTokens.length > 0 ? [...readTokens, ...adminTokens].map((token) => token.secret) : [],
    ingestTokens: tokens('INGEST_TOKENS', 'ingest').map((token) => token.secret),
    adminTokens,
    publicUrl,
    allowedHosts,
    maxActiveSilences: number(env, 'MAX_ACTIVE_SILENCES', 100, {
      min: 1,
      // activeSilences() reads at most 1000: more could push legitimate ones out of view.
      max: 1000,
      integer: true,
    }),
    maxSilenceDurationMs: seconds('MAX_SILENCE_DURATION', 7 * 86_400, 60, 365 * 86_400),
    rateLimits: {
      statusPerMinute: perMinute('STATUS_REQUESTS_PER_IP_PER_MINUTE', 1200),
      sseOpensPerMinute: perMinute('SSE_OPENS_PER_IP_PER_MINUTE', handshakesPerIpPerMinute),
      ingestPerMinute: perMinute('INGEST_REQUESTS_PER_IP_PER_MINUTE', 1200),
      alertWritesPerMinute: perMinute('ALERT_WRITES_PER_IP_PER_MINUTE', 60),
      authFailuresPerMinute: perMinute('AUTH_FAILURES_PER_IP_PER_MINUTE', 30),
    },
    corsOrigins,
    dashboardApiUrl: url(env, 'DASHBOARD_API_URL', ['http:', 'https:']),
    ...trustProxy(env),
    alertWebhookUrls,
    statementTimeoutMs: seconds('STATEMENT_TIMEOUT', 5, 0.1, 600),
    logLevel,
    nodeId:
      text(env, 'NODE_ID') ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    retention: retention(env),
    statusHistoryDays: number(env, 'STATUS_HISTORY_DAYS', 7, { min: 1, max: 365, integer: true }),
  };
  return config;
}

/** A config for tests and embedding: defaults, in-memory database, then `overrides`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      DATA_DIR: 'memory',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    }),
    ...overrides,
  };
}
