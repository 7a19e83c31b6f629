import { hostname } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';

/** Every setting of the server, parsed and validated from the environment in one place. */
export interface Config {
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
  /** `AUTH_TOKENS`; empty: dashboards need no token. */
  authTokens: string[];
  /** `INGEST_TOKENS`; empty: ingest only from loopback. */
  ingestTokens: string[];
  /** `CORS_ORIGINS`; empty: same origin only. */
  corsOrigins: string[];
  /** `DASHBOARD_API_URL`: API base URL the served dashboard connects to; unset: same origin. */
  dashboardApiUrl: string | undefined;
  /**
   * `TRUST_PROXY`: one proxy (nginx) in front; the client address is the right-most
   * X-Forwarded-For entry, the one that proxy wrote. @default false
   */
  trustProxy: boolean;
  /** `DEMO`: run the demo pipeline. @default true when DATABASE_URL is unset */
  demo: boolean;
  /** `ALERT_WEBHOOK_URLS`: Slack-compatible webhook targets for alert notifications. */
  alertWebhookUrls: string[];
  /** `STATEMENT_TIMEOUT` (seconds) in ms, for every database statement. @default 5000 */
  statementTimeoutMs: number;
  /** `LOG_LEVEL`. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `NODE_ID`: this process's name in logs, metrics and the bus. @default hostname-pid-random */
  nodeId: string;
  /** `STATUS_HISTORY_DAYS`: days of published status documents kept for replay (`?at=`). @default 7 */
  statusHistoryDays: number;
}

/** A setting that cannot be used; the message names the variable and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
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
  const config: Config = {
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
    handshakesPerIpPerMinute: number(env, 'HANDSHAKES_PER_IP_PER_MINUTE', 600, {
      min: 1,
      max: 10_000_000,
      integer: true,
    }),
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
    authTokens: list(env, 'AUTH_TOKENS'),
    ingestTokens: list(env, 'INGEST_TOKENS'),
    corsOrigins,
    dashboardApiUrl: url(env, 'DASHBOARD_API_URL', ['http:', 'https:']),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    demo: flag(env, 'DEMO', databaseUrl === undefined),
    alertWebhookUrls,
    statementTimeoutMs: seconds('STATEMENT_TIMEOUT', 5, 0.1, 600),
    logLevel,
    nodeId:
      text(env, 'NODE_ID') ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    statusHistoryDays: number(env, 'STATUS_HISTORY_DAYS', 7, { min: 1, max: 365, integer: true }),
  };
  return config;
}

/** A config for tests and embedding: defaults, in-memory database, then `overrides`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      DATA_DIR: 'memory',
      DEMO: 'false',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    }),
    ...overrides,
  };
}
