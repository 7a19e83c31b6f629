import type { ErrorBody } from '@naija-monitor/protocol';

/**
 * Errors the server raises on purpose. Each has a stable `code` and its HTTP status; the error
 * handler (`http/error-handler.ts`) answers them as one {@link ErrorBody}. Anything else
 * reaching a client is a 500 with no details.
 */
export class MonitorError extends Error {
  override readonly name: string = 'MonitorError';
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends MonitorError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'Missing or invalid token: send Authorization: Bearer <token>') {
    super('UNAUTHORIZED', message, 401);
  }
}

/** Credentials fine, action not allowed (e.g. ingest from outside loopback without tokens). */
export class ForbiddenError extends MonitorError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super('FORBIDDEN', message, 403);
  }
}

/** A body or query that passed the schema but is still wrong (e.g. a reference to nothing). */
export class InvalidInputError extends MonitorError {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_INPUT', `${field}: ${message}`, 400, { details: { field } });
  }
}

/** The same idempotency key or id was reused for different content. */
export class ConflictError extends MonitorError {
  override readonly name = 'ConflictError';
  constructor(message: string) {
    super('CONFLICT', message, 409);
  }
}

/** The database does not answer. */
export class DatabaseUnavailableError extends MonitorError {
  override readonly name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super('DATABASE_UNAVAILABLE', 'The database is not reachable; try again shortly', 503, {
      cause,
    });
  }
}

/** No resource with that id (an alert, a silence, a source). */
export class NotFoundError extends MonitorError {
  override readonly name = 'NotFoundError';
  /** `message` replaces the default "`what` not found" when it can say where to look instead. */
  constructor(what: string, message = `${what} not found`) {
    super('NOT_FOUND', message, 404);
  }
}

/** Nothing to replay: no document was stored at or before the time asked. */
export class NothingStoredError extends MonitorError {
  override readonly name = 'NothingStoredError';
  /** `historyPath`: the route that lists what is kept. */
  constructor(at: Date, historyPath: string) {
    super(
      'NOT_FOUND',
      `No status document was stored at or before ${at.toISOString()}; see ${historyPath} for what is kept`,
      404,
    );
  }
}

/** A `Host` this server does not answer for (HTTP 421 Misdirected Request). */
export class MisdirectedHostError extends MonitorError {
  override readonly name = 'MisdirectedHostError';
  constructor(host: string | undefined) {
    const shown = host === undefined ? '(none)' : JSON.stringify(host.slice(0, 100));
    super(
      'MISDIRECTED_REQUEST',
      `Host ${shown} is not served here. If this is the name or address clients use to reach this server, add it to ALLOWED_HOSTS (comma-separated, e.g. ALLOWED_HOSTS=monitor.example.org,203.0.113.5); a server bound to 0.0.0.0 and reached by IP needs that IP listed too.`,
      421,
      { details: { field: 'host' } },
    );
  }

  /** The JSON body, for answers written outside Fastify (WebSocket upgrades). */
  body(): ErrorBody {
    return { error: this.code, message: this.message, statusCode: 421, field: 'host' };
  }
}

/** Too many requests from one client. */
export class RateLimitedError extends MonitorError {
  override readonly name = 'RateLimitedError';
  constructor(what: string, max: number, setting: string, retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `More than ${max} ${what} per minute from this address; retry in ${retryAfterSeconds} s (the server's ${setting} sets the limit)`,
      429,
      { details: { limit: setting } },
    );
  }
}

/** A request target longer than the server accepts (`maxBytes`). */
export class UriTooLongError extends MonitorError {
  override readonly name = 'UriTooLongError';
  constructor(length: number, maxBytes: number) {
    super('URI_TOO_LONG', `The URL is ${length} bytes; at most ${maxBytes} are accepted`, 414, {
      details: { field: 'url' },
    });
  }
}

/** A configured bound on silences was reached. */
export class SilenceLimitError extends MonitorError {
  override readonly name = 'SilenceLimitError';
  constructor(max: number) {
    super(
      'SILENCE_LIMIT',
      `${max} silences are already in force or scheduled (MAX_ACTIVE_SILENCES): end one (DELETE /api/v1/silences/:id) or raise the limit`,
      409,
      { details: { limit: 'MAX_ACTIVE_SILENCES' } },
    );
  }
}

/** No status could be computed and there is no earlier one to fall back on. */
export class StatusUnavailableError extends Error {
  override readonly name = 'StatusUnavailableError';
  readonly code = 'STATUS_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super('The status could not be computed; try again shortly', options);
  }
}

/** Work that did not finish in time (a hung database, a stuck connection attempt). */
export class DeadlineExceededError extends MonitorError {
  override readonly name = 'DeadlineExceededError';
  constructor(what: string, timeoutMs: number) {
    super('DEADLINE_EXCEEDED', `${what} did not answer within ${timeoutMs} ms`, 503);
  }
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

/** The port cannot be bound; the message names it and what to do. */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly errorCode: string,
  ) {
    super(
      errorCode === 'EADDRINUSE'
        ? `PORT ${port} on ${host} is already in use by another process: stop it or set another PORT`
        : `PORT ${port} on ${host} cannot be bound (${errorCode}): set another PORT or HOST`,
    );
  }
}

/** Who holds a data directory, as written in its lock file (`db/data-dir-lock.ts`). */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601). */
  startedAt: string;
  /** What the holder is (`server`, `migrate`). */
  purpose: string;
}

/** The data directory is held by another live process. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | null,
    detail: string,
  ) {
    super(detail);
  }
}
