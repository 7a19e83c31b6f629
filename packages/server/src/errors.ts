import { Type, type Static } from '@sinclair/typebox';

/** JSON body of every error answer: a stable code, a message that says what to do, the field when known. */
export const ErrorBodySchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  statusCode: Type.Integer(),
  field: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

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
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, 404);
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
