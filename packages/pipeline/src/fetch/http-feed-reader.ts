import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { retryDelayMs, sleep, type RetryPolicy } from '../retry-delay';
import { MAX_FEED_BYTES } from './feed-limits';
import type { FeedFetch, FeedReader } from './feed-reader';
import { HostRateLimiter } from './host-rate-limiter';
import { addressRange, INTERNAL_RANGES } from './network-address';

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
  /**
   * Largest body, counted after decompression; past it the download is abandoned.
   * @default MAX_FEED_BYTES (5 MB)
   */
  maxBytes?: number;
  /** @default 5 */
  maxRedirects?: number;
  /**
   * Every address a host name resolves to (each hop's host is checked before it is fetched).
   * @default `dns.lookup` with `all: true`
   */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

interface Validators {
  etag: string | null;
  lastModified: string | null;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

async function lookupAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
}

/**
 * Fetches feeds over HTTP, politely: one host at a time within `minHostIntervalMs`, a timeout
 * per request, retries with backoff, and conditional GET (`If-None-Match`/`If-Modified-Since`)
 * so an unchanged feed costs a 304 and reads as "nothing new" rather than being parsed again.
 *
 * Feeds are untrusted, so it also bounds what one can make it do: http(s) only; redirects are
 * followed by hand (at most `maxRedirects`), and before each request the host's addresses are
 * resolved and the request refused if any of them is loopback, private, link-local, CGNAT,
 * unspecified or reserved (unless the source sets `allow_private_network`, which admits
 * loopback, private and CGNAT only); the body is read as a stream and abandoned past
 * `maxBytes` (after decompression), or refused at once when `Content-Length` is larger.
 *
 * The check resolves the name itself and `fetch` resolves it again: a DNS server that answers
 * differently within that gap (rebinding) is not caught. Closing that needs a dispatcher that
 * connects to the checked address (undici's `connect.lookup`), not available to plain `fetch`.
 */
export class HttpFeedReader implements FeedReader {
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #limiter: HostRateLimiter;
  readonly #userAgent: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #validators = new Map<string, Validators>();
  readonly #maxBytes: number;
  readonly #maxRedirects: number;
  readonly #resolveHost: (hostname: string) => Promise<string[]>;

  constructor(options: HttpFeedReaderOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#retry = options.retry ?? { retries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 };
    this.#limiter = new HostRateLimiter(options.minHostIntervalMs ?? 2000);
    this.#userAgent = options.userAgent ?? 'NaijaPipelineMonitor/0.1 (+reference pipeline)';
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#maxBytes = options.maxBytes ?? MAX_FEED_BYTES;
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#resolveHost = options.resolveHost ?? lookupAll;
  }

  async read(source: Source, signal?: AbortSignal): Promise<FeedFetch> {
    const host = httpUrl(source.url).host;
    for (let attempt = 0; ; attempt += 1) {
      await this.#limiter.acquire(host, signal);
      try {
        return await this.#once(source, signal);
      } catch (error) {
        const retryable =
          error instanceof FetchError &&
          (error.code === 'FETCH_TIMEOUT' ||
            error.code === 'FETCH_NETWORK' ||
            (error.code === 'FETCH_HTTP_STATUS' && RETRYABLE_STATUS.has(error.status ?? 0)));
        if (!retryable || attempt >= this.#retry.retries || signal?.aborted) throw error;
        const retryAfterMs = error instanceof RetryAfter ? error.retryAfterMs : 0;
        await sleep(Math.max(retryAfterMs, retryDelayMs(attempt + 1, this.#retry)), signal);
      }
    }
  }

  async #once(source: Source, outer?: AbortSignal): Promise<FeedFetch> {
    const known = this.#validators.get(source.url);
    const headers: Record<string, string> = {
      'user-agent': this.#userAgent,
      accept:
        'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    };
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    let url = source.url;
    let response: Response;
    let body: string;
    try {
      for (let hop = 0; ; hop += 1) {
        await this.#checkDestination(url, source);
        response = await this.#fetch(url, { headers, signal, redirect: 'manual' });
        const location = response.headers.get('location');
        if (!REDIRECT_STATUS.has(response.status) || location === null) break;
        await response.body?.cancel();
        if (hop >= this.#maxRedirects) {
          throw new FetchError(
            'FETCH_REFUSED',
            `more than ${this.#maxRedirects} redirects from ${source.url}; give the feed's final address in sources.json`,
          );
        }
        url = resolveLocation(location, url);
      }
      body = response.status === 304 || !response.ok ? '' : await this.#readBody(response, url);
    } catch (error) {
      if (error instanceof FetchError) throw error;
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
      await response.body?.cancel();
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
      throw new RetryAfter(`HTTP ${response.status} from ${url}`, response.status, retryAfterMs);
    }
    this.#validators.set(source.url, {
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    });
    return { kind: 'body', body, location: url };
  }

  // Refuses a URL that is not http(s), or whose host is (or resolves to) an address the
  // source may not reach. Every address must pass: `fetch` may connect to any of them.
  async #checkDestination(url: string, source: Source): Promise<void> {
    const hostname = httpUrl(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(hostname)) addresses = [hostname];
    else {
      try {
        addresses = await this.#resolveHost(hostname);
      } catch (error) {
        throw new FetchError(
          'FETCH_NETWORK',
          `cannot resolve ${hostname} (${url}): ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    for (const address of addresses) {
      const range = addressRange(address);
      if (range === 'public') continue;
      const internalOk = source.allow_private_network === true && INTERNAL_RANGES.has(range);
      if (internalOk) continue;
      throw new FetchError(
        'FETCH_REFUSED',
        `refused ${url}: ${hostname === address ? '' : `${hostname} is `}${address}, a ${range} address` +
          (INTERNAL_RANGES.has(range)
            ? `; set "allow_private_network": true on source ${source.id} if this is an internal feed`
            : ' (never fetched)'),
      );
    }
  }

  // The body as text, read as a stream so that a large (or decompression-bomb) answer is
  // abandoned at the cap instead of being held in memory whole.
  async #readBody(response: Response, url: string): Promise<string> {
    const tooLarge = (what: string) =>
      new FetchError(
        'FETCH_TOO_LARGE',
        `${url} sent ${what}, more than the ${this.#maxBytes}-byte cap on a feed`,
      );
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.#maxBytes) {
      await response.body?.cancel();
      throw tooLarge(`Content-Length ${declared}`);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.#maxBytes) {
        await reader.cancel();
        throw tooLarge(`over ${this.#maxBytes} bytes`);
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}

// The URL, if it is http(s); refused otherwise (file:, ftp:, data:… or not a URL at all).
function httpUrl(url: string): URL {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed;
  throw new FetchError(
    'FETCH_REFUSED',
    `refused ${url.slice(0, 200)}: only http(s) URLs are fetched`,
  );
}

function resolveLocation(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new FetchError(
      'FETCH_REFUSED',
      `${base} redirects to an unreadable address "${location.slice(0, 200)}"`,
    );
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
