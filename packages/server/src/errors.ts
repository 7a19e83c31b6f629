/**
 * Errors the server raises on purpose. Each has a stable `code`; `HTTP_STATUS` maps codes to
 * HTTP statuses in one place. Anything else reaching a client is a 500 with no details.
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
