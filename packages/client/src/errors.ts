/**
 * Errors the client reports. It never throws these at the caller during operation: they arrive
 * through the `error` event and `snapshot.error`. Only bad options throw, at creation.
 */

/** What went wrong, coarse enough for a UI to pick a message. */
export type ClientErrorCode = 'unauthorized' | 'network' | 'protocol';

/** The shape of `snapshot.error`. */
export interface ClientErrorInfo {
  code: ClientErrorCode;
  message: string;
}

/** An error reported by the client: `unauthorized` (stopped), `network` or `protocol`. */
export class MonitorClientError extends Error implements ClientErrorInfo {
  override readonly name = 'MonitorClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Thrown by `createMonitorClient` when an option is invalid; names the option. */
export class InvalidOptionsError extends TypeError {
  override readonly name = 'InvalidOptionsError';
  readonly code = 'invalid_options';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** Turns anything thrown by a platform API into a `network` error, once, at the edge. */
export function toNetworkError(context: string, cause: unknown): MonitorClientError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new MonitorClientError('network', `${context}: ${detail}`, { cause });
}
