import { AcceptRate } from './accept-rate';
import type { ConnectionRegistry } from './connection-registry';
import { HandshakeRate } from '../access/handshake-rate';
import { isOriginAllowed } from '../access/origin-policy';

/** Why a live connection was refused before it opened. */
export type RefusalReason =
  | 'shutting_down'
  | 'origin'
  | 'handshake_rate'
  | 'per_ip'
  | 'max_connections'
  | 'accept_rate'
  | 'unauthenticated_rate';

/** An HTTP answer refusing a live connection. */
export interface Refusal {
  statusCode: 403 | 429 | 503;
  reason: RefusalReason;
  /** Stable error code of the JSON body. */
  code: string;
  message: string;
  /** Seconds for the `Retry-After` header. */
  retryAfterSeconds?: number;
}

/** The limits of `config.ts` that apply to live connections. */
export interface ConnectionLimitSettings {
  maxConnections: number;
  maxConnectionsPerIp: number;
  handshakesPerIpPerMinute: number;
  /** New live connections per second, all addresses together; unset: no such limit. */
  maxHandshakesPerSecond?: number;
  /**
   * New connections per second without a valid token (answered 4001 at once), from their own
   * budget so that they never use up `maxHandshakesPerSecond`.
   * @default a tenth of `maxHandshakesPerSecond` (at least 1); unset with it: no such limit
   */
  unauthenticatedHandshakesPerSecond?: number;
  corsOrigins: readonly string[];
}

/** Who is asking for a live connection. */
export interface AdmissionRequest {
  ip: string;
  origin: string | undefined;
  host: string | undefined;
  /**
   * False for a request without a valid token while tokens are required: it is paced by its
   * own budget, not the one of authenticated handshakes. @default true
   */
  authenticated?: boolean;
}

/**
 * Admission of live connections (WebSocket and SSE share it), checked in this order: shutting
 * down (503), Origin outside `CORS_ORIGINS` (403), too many handshakes from the address this
 * minute (429), too many open connections from the address (429), too many in all (503), more
 * new connections this second than the server accepts (503: a reconnect storm is paced).
 * Every refusal is an HTTP answer, before any upgrade.
 */
export class ConnectionLimits {
  readonly #settings: ConnectionLimitSettings;
  readonly #registry: ConnectionRegistry;
  readonly #rate: HandshakeRate;
  readonly #acceptRate: AcceptRate | null;
  readonly #unauthenticatedRate: AcceptRate | null;
  readonly #unauthenticatedPerSecond: number | undefined;
  readonly #random: () => number;
  #accepting = true;

  constructor(
    settings: ConnectionLimitSettings,
    registry: ConnectionRegistry,
    now: () => number,
    random: () => number = Math.random,
  ) {
    this.#settings = settings;
    this.#registry = registry;
    this.#rate = new HandshakeRate(settings.handshakesPerIpPerMinute, now);
    this.#acceptRate = settings.maxHandshakesPerSecond
      ? new AcceptRate(settings.maxHandshakesPerSecond, now, random)
      : null;
    this.#unauthenticatedPerSecond =
      settings.unauthenticatedHandshakesPerSecond ??
      (settings.maxHandshakesPerSecond
        ? Math.max(1, Math.ceil(settings.maxHandshakesPerSecond / 10))
        : undefined);
    this.#unauthenticatedRate = this.#unauthenticatedPerSecond
      ? new AcceptRate(this.#unauthenticatedPerSecond, now, random)
      : null;
    this.#random = random;
  }

  /** From now on every request is refused with 503 (the server is shutting down). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  get accepting(): boolean {
    return this.#accepting;
  }

  /** Null when `request` may connect, else the refusal to answer. */
  admit(request: AdmissionRequest): Refusal | null {
    if (!this.#accepting) {
      return {
        statusCode: 503,
        reason: 'shutting_down',
        code: 'SHUTTING_DOWN',
        message: 'The server is restarting; reconnect shortly',
        retryAfterSeconds: this.#jitteredSeconds(1, 5),
      };
    }
    if (!isOriginAllowed(request.origin, request.host, this.#settings.corsOrigins)) {
      return {
        statusCode: 403,
        reason: 'origin',
        code: 'ORIGIN_NOT_ALLOWED',
        message: `Origin ${request.origin} is not allowed (CORS_ORIGINS)`,
      };
    }
    const waitSeconds = this.#rate.take(request.ip);
    if (waitSeconds > 0) {
      return {
        statusCode: 429,
        reason: 'handshake_rate',
        code: 'TOO_MANY_HANDSHAKES',
        message: `More than ${this.#settings.handshakesPerIpPerMinute} new connections per minute from this address`,
        retryAfterSeconds: waitSeconds,
      };
    }
    if (this.#registry.countForIp(request.ip) >= this.#settings.maxConnectionsPerIp) {
      return {
        statusCode: 429,
        reason: 'per_ip',
        code: 'TOO_MANY_CONNECTIONS_FROM_ADDRESS',
        message: `At most ${this.#settings.maxConnectionsPerIp} live connections per address`,
        retryAfterSeconds: this.#jitteredSeconds(5, 15),
      };
    }
    if (this.#registry.size >= this.#settings.maxConnections) {
      return {
        statusCode: 503,
        reason: 'max_connections',
        code: 'TOO_MANY_CONNECTIONS',
        message: `The server holds its maximum of ${this.#settings.maxConnections} live connections; retry later or poll`,
        retryAfterSeconds: this.#jitteredSeconds(5, 15),
      };
    }
    // Last, so that only a handshake about to be accepted spends a token. One without a valid
    // token spends from its own budget: a tokenless flood cannot lock out real dashboards.
    if (request.authenticated === false) {
      const wait = this.#unauthenticatedRate?.take() ?? 0;
      if (wait === 0) return null;
      return {
        statusCode: 503,
        reason: 'unauthenticated_rate',
        code: 'SERVER_BUSY',
        message: `The server accepts at most ${this.#unauthenticatedPerSecond} new connections per second without a valid token; retry after the delay`,
        retryAfterSeconds: wait,
      };
    }
    const acceptWaitSeconds = this.#acceptRate?.take() ?? 0;
    if (acceptWaitSeconds > 0) {
      return {
        statusCode: 503,
        reason: 'accept_rate',
        code: 'SERVER_BUSY',
        message: `The server accepts at most ${this.#settings.maxHandshakesPerSecond} new connections per second; retry after the delay`,
        retryAfterSeconds: acceptWaitSeconds,
      };
    }
    return null;
  }

  /** A whole number of seconds between `min` and `max`, so refused clients do not retry together. */
  #jitteredSeconds(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }
}
