/**
 * Whether a browser page at `origin` may open a live connection or read the API.
 * - No `Origin` header: not a browser (curl, a service, a load tester), allowed.
 * - `CORS_ORIGINS` set: the origin must be listed (or the list holds `*`).
 * - `CORS_ORIGINS` unset: same origin only, meaning the origin's host:port equals the `Host`
 *   header the browser sent with it.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  corsOrigins: readonly string[],
): boolean {
  if (origin === undefined || origin === '') return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the literal "null" origin of sandboxed frames and file: pages
  }
  if (corsOrigins.length > 0) {
    if (corsOrigins.includes('*')) return true;
    return corsOrigins.some((allowed) => sameOrigin(allowed, parsed));
  }
  return host !== undefined && parsed.host.toLowerCase() === normaliseHost(host, parsed.protocol);
}

function sameOrigin(allowed: string, origin: URL): boolean {
  try {
    return new URL(allowed).origin === origin.origin;
  } catch {
    return false;
  }
}

/** The Host header as URL.host writes it: lower case, default port dropped. */
function normaliseHost(host: string, protocol: string): string {
  const lower = host.trim().toLowerCase();
  const defaultPort = protocol === 'https:' ? ':443' : ':80';
  return lower.endsWith(defaultPort) ? lower.slice(0, -defaultPort.length) : lower;
}
