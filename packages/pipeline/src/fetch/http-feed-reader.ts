import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { retryDelayMs, sleep, type RetryPolicy } from '../retry-delay';
import type { FeedFetch, FeedReader } from './feed-reader';
import { HostRateLimiter } from './host-rate-limiter';

/** Options of {@link HttpFeedReader}. */
export interface HttpFeedReaderOptions {
  /**
   * Longest one request may take, headers and body.
   * @default 15000
   */
  timeoutMs?: number;
  /**
   * Retries on timeouts, network errors, 5xx and 429.
   * @default { retries: 2, baseDelayMs: 1000, maxDelayMs: 30000 }
   */
  retry?: RetryPolicy;
  /**
   * Gap between two requests to the same host.
   * @default 2000
   */
  minHostIntervalMs?: number;
  /** @default 'NaijaPipelineMonitor/0.1 (+reference pipeline)' */
  userAgent?: string;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

interface Validators {
  etag: string | null;
  lastModified: string | null;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Fetches feeds over HTTP, politely: one host at a time within `minHostIntervalMs`, a timeout
 * per request, retries with backoff, and conditional GET (`If-None-Match`/`If-Modified-Since`)
 * so an unchanged feed costs a 304 and reads as "nothing new" rather than being parsed again.
 */
export class HttpFeedReader implements FeedReader {
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #limiter: HostRateLimiter;
  readonly #userAgent: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #validators = new Map<string, Validators>();

  constructor(options: HttpFeedReaderOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#retry = options.retry ?? { retries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 };
    this.#limiter = new HostRateLimiter(options.minHostIntervalMs ?? 2000);
    this.#userAgent = options.userAgent ?? 'NaijaPipelineMonitor/0.1 (+reference pipeline)';
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async read(source: Source, signal?: AbortSignal): Promise<FeedFetch> {
    const host = new URL(source.url).host;
    for (let attempt = 0; ; attempt += 1) {
      await this.#limiter.acquire(host, signal);
      try {
        return await this.#once(source.url, signal);
      } catch (error) {
        const retryable =
          error instanceof FetchError &&
          (error.status === null || RETRYABLE_STATUS.has(error.status));
        if (!retryable || attempt >= this.#retry.retries || signal?.aborted) throw error;
        const retryAfterMs = error instanceof RetryAfter ? error.retryAfterMs : 0;
        await sleep(Math.max(retryAfterMs, retryDelayMs(attempt + 1, this.#retry)), signal);
      }
    }
  }

  async #once(url: string, outer?: AbortSignal): Promise<FeedFetch> {
    const known = this.#validators.get(url);
    const headers: Record<string, string> = {
      'user-agent': this.#userAgent,
      accept:
        'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    };
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    let response: Response;
    let body: string;
    try {
      response = await this.#fetch(url, { headers, signal, redirect: 'follow' });
      body = response.status === 304 ? '' : await response.text();
    } catch (error) {
      if (timeout.aborted)
        throw new FetchError(
          'FETCH_TIMEOUT',
          `no answer from ${url} within ${this.#timeoutMs} ms`,
          { cause: error },
        );
      if (outer?.aborted) throw error;
      throw new FetchError('FETCH_NETWORK', `cannot reach ${url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (response.status === 304) return { kind: 'not_modified', location: url };
    if (!response.ok) {
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
      throw new RetryAfter(`HTTP ${response.status} from ${url}`, response.status, retryAfterMs);
    }
    this.#validators.set(url, {
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    });
    return { kind: 'body', body, location: response.url || url };
  }
}

// An HTTP error status, carrying the server's Retry-After for 429/503.
class RetryAfter extends FetchError {
  readonly retryAfterMs: number;
  constructor(message: string, status: number, retryAfterMs: number) {
    super('FETCH_HTTP_STATUS', message, { status });
    this.retryAfterMs = retryAfterMs;
  }
}

function parseRetryAfterMs(value: string | null): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), 120_000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.min(Math.max(0, at - Date.now()), 120_000) : 0;
}
