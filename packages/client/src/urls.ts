import { PATHS, SSE_VERSION_PARAM } from '@naija-monitor/protocol';
import { InvalidOptionsError } from './errors';

/**
 * Parses `baseUrl`. A relative value (such as `""` or `"/monitor"`) resolves against the page's
 * location in a browser, so a dashboard served by the monitor can use its own origin.
 */
export function parseBaseUrl(baseUrl: string): URL {
  const location = (globalThis as { location?: { href?: unknown } }).location?.href;
  let url: URL;
  try {
    url = typeof location === 'string' ? new URL(baseUrl, location) : new URL(baseUrl);
  } catch {
    throw new InvalidOptionsError('baseUrl', `"${baseUrl}" is not an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionsError('baseUrl', `expected http: or https:, got ${url.protocol}`);
  }
  return url;
}

/**
 * `ws(s)://host/ws/monitoring/pipeline-status?token=…` (`http` maps to `ws`, `https` to `wss`),
 * with `lastEventId` when resuming after a seq already held.
 */
export function websocketUrl(
  base: URL,
  token: string | null,
  lastSeq: number | null = null,
): string {
  const url = endpoint(base, PATHS.websocket[0], token);
  if (lastSeq !== null) url.searchParams.set('lastEventId', String(lastSeq));
  url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** The SSE stream URL; the token rides in the query because `EventSource` cannot set headers. */
export function sseUrl(base: URL, token: string | null, protocol: 1 | 2 = 1): string {
  const url = endpoint(base, PATHS.sse, token);
  if (protocol === 2) url.searchParams.set(SSE_VERSION_PARAM, '2');
  return url.href;
}

/** The HTTP status URL; the token goes in `Authorization`, not in the URL. */
export function statusUrl(base: URL): string {
  return endpoint(base, PATHS.status, null).href;
}

function endpoint(base: URL, path: string, token: string | null): URL {
  const url = new URL(base.href);
  // Keep a path prefix (a monitor mounted under /monitor behind a proxy).
  url.pathname = base.pathname.replace(/\/+$/, '') + path;
  url.search = '';
  url.hash = '';
  if (token !== null) url.searchParams.set('token', token);
  return url;
}
