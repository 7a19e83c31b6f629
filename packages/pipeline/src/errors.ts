/** Stable codes of every error the pipeline raises; logs and source-run rows carry them. */
export type PipelineErrorCode =
  | 'SOURCES_INVALID'
  | 'FEED_MALFORMED'
  | 'FEED_NOT_A_FEED'
  | 'FEED_FILE_MISSING'
  | 'FETCH_TIMEOUT'
  | 'FETCH_HTTP_STATUS'
  | 'FETCH_NETWORK'
  | 'FETCH_REFUSED'
  | 'FETCH_TOO_LARGE'
  | 'INGEST_REJECTED'
  | 'INGEST_UNAVAILABLE';

/** Base class: every pipeline error has a stable `code` and keeps its `cause`. */
export class PipelineError extends Error {
  override name = 'PipelineError';
  readonly code: PipelineErrorCode;

  constructor(code: PipelineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The sources file is missing, unreadable or does not match its schema. */
export class SourcesConfigError extends PipelineError {
  override name = 'SourcesConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SOURCES_INVALID', message, options);
  }
}

/** A feed body is not well-formed XML, or is XML but neither RSS nor Atom. */
export class FeedParseError extends PipelineError {
  override name = 'FeedParseError';
}

/**
 * A feed could not be fetched: timeout, HTTP error status, network failure, missing file; or
 * refused (`FETCH_REFUSED`: a scheme other than http(s), a non-public address, too many
 * redirects) or abandoned (`FETCH_TOO_LARGE`: the body passed the size cap). The last two are
 * never retried.
 */
export class FetchError extends PipelineError {
  override name = 'FetchError';
  /** The HTTP status, when the server answered. */
  readonly status: number | null;

  constructor(
    code:
      | 'FETCH_TIMEOUT'
      | 'FETCH_HTTP_STATUS'
      | 'FETCH_NETWORK'
      | 'FETCH_REFUSED'
      | 'FETCH_TOO_LARGE'
      | 'FEED_FILE_MISSING',
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(code, message, options);
    this.status = options?.status ?? null;
  }
}

/** The monitor refused a report (4xx: our bug, not retried) or stayed unreachable. */
export class IngestError extends PipelineError {
  override name = 'IngestError';
  readonly status: number | null;

  constructor(
    code: 'INGEST_REJECTED' | 'INGEST_UNAVAILABLE',
    message: string,
    options?: { cause?: unknown; status?: number | null },
  ) {
    super(code, message, options);
    this.status = options?.status ?? null;
  }
}

/** A one-line description of any thrown value, for a source run's `error` column. */
export function describeError(error: unknown): string {
  if (error instanceof PipelineError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
