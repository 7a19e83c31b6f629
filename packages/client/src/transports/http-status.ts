import { MonitorClientError, toNetworkError } from '../errors';
import { readStatusBody, type NormalizedUpdate } from '../normalize';
import type { ResolvedOptions } from '../options';
import { statusUrl } from '../urls';
import { refusalOf } from './http-response';
import type { TransportEnd } from './transport';

/** The outcome of one `GET /api/v1/monitoring/pipeline-status`. */
export type HttpStatusResult =
  | { kind: 'ok'; update: NormalizedUpdate; etag: string | null }
  | { kind: 'not-modified' }
  | { kind: 'refused'; end: TransportEnd };

/**
 * Fetches the status document once, conditionally when `etag` is given (304 = unchanged).
 * Never throws; gives up after `options.watchdogMs` or when `signal` aborts.
 */
export async function fetchStatus(
  options: ResolvedOptions,
  etag: string | null,
  signal?: AbortSignal,
): Promise<HttpStatusResult> {
  const fetch = options.fetch;
  if (fetch === null)
    return failed(new MonitorClientError('network', 'HTTP: no fetch implementation'));
  const abort = new AbortController();
  // Clears the timer itself: a fetch that ignores its signal must not keep a timer alive.
  const onAbort = (): void => {
    clearTimeout(timer);
    abort.abort();
  };
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(onAbort, options.watchdogMs);
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token !== null) headers.Authorization = `Bearer ${options.token}`;
    if (etag !== null) headers['If-None-Match'] = etag;
    const response = await fetch(statusUrl(options.baseUrl), {
      headers,
      signal: abort.signal,
      cache: 'no-store',
    });
    if (response.status === 304) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'not-modified' };
    }
    const refusal = refusalOf(response, 'HTTP');
    if (refusal !== null) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'refused', end: refusal };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      return failed(
        new MonitorClientError('protocol', 'HTTP: the status is not JSON', { cause: error }),
      );
    }
    const update = readStatusBody(body);
    if (update instanceof MonitorClientError) return failed(update);
    return { kind: 'ok', update, etag: response.headers.get('etag') };
  } catch (error) {
    return failed(
      abort.signal.aborted && !signal?.aborted
        ? new MonitorClientError('network', `HTTP: no answer within ${options.watchdogMs} ms`, {
            cause: error,
          })
        : toNetworkError('HTTP', error),
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function failed(error: MonitorClientError): HttpStatusResult {
  return { kind: 'refused', end: { reason: 'failed', error, retryAfterMs: null } };
}
