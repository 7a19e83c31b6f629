import type {
  IngestBatchBody,
  IngestReply,
  IngestSource,
  IngestSourcesReply,
} from '@naija-monitor/protocol';
import { IngestError } from '../errors';
import { retryDelayMs, sleep, type RetryPolicy } from '../retry-delay';

/** Options of {@link IngestClient}. */
export interface IngestClientOptions {
  /** The monitor's base URL, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` (one of the server's `INGEST_TOKENS`). */
  token?: string | undefined;
  /**
   * Retries on network errors, timeouts and 5xx/429 answers; 4xx answers are our bug and fail
   * at once.
   * @default { retries: 4, baseDelayMs: 500, maxDelayMs: 10000 }
   */
  retry?: RetryPolicy;
  /**
   * Longest one request may take.
   * @default 15000
   */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/**
 * A small typed client for the monitor's ingest API. Every write may carry an
 * `Idempotency-Key`, so a retry after a lost answer gets the first answer back instead of
 * writing twice (the ids in the body make it idempotent too).
 */
export class IngestClient {
  readonly #base: string;
  readonly #token: string | undefined;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: IngestClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#retry = options.retry ?? { retries: 4, baseDelayMs: 500, maxDelayMs: 10_000 };
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Creates or updates sources (`POST /api/v1/ingest/sources`). */
  upsertSources(
    sources: readonly IngestSource[],
    signal?: AbortSignal,
  ): Promise<IngestSourcesReply> {
    return this.#post('/api/v1/ingest/sources', { sources }, undefined, signal);
  }

  /** Writes a batch in one transaction (`POST /api/v1/ingest/batch`). */
  postBatch(
    batch: IngestBatchBody,
    idempotencyKey?: string,
    signal?: AbortSignal,
  ): Promise<IngestReply> {
    return this.#post('/api/v1/ingest/batch', batch, idempotencyKey, signal);
  }

  /**
   * Waits until `GET /api/health` answers 2xx, polling every `intervalMs`.
   * @throws IngestError `INGEST_UNAVAILABLE` after `timeoutMs`.
   */
  async waitUntilHealthy(
    options: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let last = 'no answer yet';
    for (;;) {
      try {
        const response = await this.#fetch(`${this.#base}/api/health`, {
          signal: anySignal(options.signal, AbortSignal.timeout(this.#timeoutMs)),
        });
        await response.body?.cancel();
        if (response.ok) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        last = (error as Error).message;
      }
      if (Date.now() >= deadline) {
        throw new IngestError(
          'INGEST_UNAVAILABLE',
          `monitor at ${this.#base} not healthy: ${last}`,
        );
      }
      await sleep(options.intervalMs ?? 500, options.signal);
    }
  }

  async #post<T>(
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt += 1) {
      let failure: IngestError;
      try {
        const response = await this.#fetch(`${this.#base}${path}`, {
          method: 'POST',
          headers,
          body: payload,
          signal: anySignal(signal, AbortSignal.timeout(this.#timeoutMs)),
        });
        const text = await response.text();
        if (response.ok) return JSON.parse(text) as T;
        const reason = describeErrorBody(text);
        if (response.status < 500 && response.status !== 429 && response.status !== 408) {
          throw new IngestError(
            'INGEST_REJECTED',
            `${path} answered ${response.status}: ${reason}`,
            { status: response.status },
          );
        }
        failure = new IngestError(
          'INGEST_UNAVAILABLE',
          `${path} answered ${response.status}: ${reason}`,
          { status: response.status },
        );
      } catch (error) {
        if (error instanceof IngestError || signal?.aborted) throw error;
        failure = new IngestError(
          'INGEST_UNAVAILABLE',
          `${path} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (attempt >= this.#retry.retries) throw failure;
      await sleep(retryDelayMs(attempt + 1, this.#retry), signal);
    }
  }
}

function anySignal(outer: AbortSignal | undefined, timeout: AbortSignal): AbortSignal {
  return outer ? AbortSignal.any([outer, timeout]) : timeout;
}

// The monitor answers errors as { error, message, field? }; fall back to the raw text.
function describeErrorBody(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string; message?: string; field?: string };
    if (body.message)
      return `${body.error ?? 'error'}: ${body.message}${body.field ? ` (${body.field})` : ''}`;
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || '(empty body)';
}
