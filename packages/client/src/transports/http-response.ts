import { MonitorClientError } from '../errors';
import type { TransportEnd } from './transport';

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds, or null. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The end an HTTP refusal means: 401/403 stop the client, anything else not 2xx is retried. */
export function refusalOf(response: Response, what: string): TransportEnd | null {
  if (response.status === 401 || response.status === 403) {
    return {
      reason: 'unauthorized',
      error: new MonitorClientError(
        'unauthorized',
        response.status === 401
          ? `${what}: the server refused the token (HTTP 401)`
          : `${what}: the server refused this client (HTTP 403: token or origin not allowed)`,
      ),
      retryAfterMs: null,
    };
  }
  if (response.ok) return null;
  return {
    reason: 'failed',
    error: new MonitorClientError('network', `${what}: HTTP ${response.status}`),
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  };
}
