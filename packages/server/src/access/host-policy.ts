import { MisdirectedHostError } from '../errors';
import { isLoopbackHostname } from './auth';

/**
 * The `Host` allow-list, one rule for HTTP, Server-Sent Events and WebSocket handshakes.
 *
 * DNS rebinding points an attacker's name (`rebind.evil`) at this server: the victim's browser
 * then sends same-origin requests whose `Host` is that name, and `Origin` equals `Host`, so
 * origin checks pass. Answering only the names the operator lists (421 otherwise) closes it.
 * Loopback literals and `localhost` are always accepted: no DNS answer can make them point
 * elsewhere, and health checks and local tools use them.
 */

/** One `host[:port]`: a DNS name, an IPv4 literal or a bracketed IPv6 literal. */
const HOST_PORT =
  /^(\[[0-9a-f:.]{2,45}\]|[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?\.?)(?::(\d{1,5}))?$/;

/** Hosts always accepted, also listed in the default so operators see them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The effective `ALLOWED_HOSTS`: `entries` (validated, lower case) or, when empty, the
 * loopback names and `publicUrl`'s host. Throws `Error` naming a malformed entry.
 */
export function parseAllowedHosts(entries: readonly string[], publicUrl?: string): string[] {
  const publicHost = publicUrl ? [new URL(publicUrl).hostname.toLowerCase()] : [];
  const chosen = entries.length > 0 ? entries : [...LOOPBACK_HOSTS, ...publicHost];
  return [
    ...new Set(
      chosen.map((entry) => {
        const lower = entry.trim().toLowerCase();
        if (lower !== '*' && !HOST_PORT.test(lower)) {
          throw new Error(
            `"${entry}" is not a host name or address with an optional :port (e.g. monitor.example.org, 203.0.113.5:8000, [2001:db8::1])`,
          );
        }
        return lower;
      }),
    ),
  ];
}

/** `{hostname, port}` of a `Host` header, lower case, trailing dot dropped; null if malformed. */
function splitHost(host: string): { hostname: string; port: string | undefined } | null {
  const match = HOST_PORT.exec(host.trim().toLowerCase());
  if (!match) return null;
  return { hostname: match[1]!.replace(/\.$/, ''), port: match[2] };
}

/** True when a request with this `Host` header may be answered. */
export function isHostAllowed(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.includes('*')) return true;
  if (host === undefined) return false;
  const parsed = splitHost(host);
  if (!parsed) return false;
  if (isLoopbackHostname(parsed.hostname)) return true;
  return allowedHosts.some((entry) => {
    const allowed = splitHost(entry);
    if (!allowed || allowed.hostname !== parsed.hostname) return false;
    return allowed.port === undefined || allowed.port === parsed.port;
  });
}

/** Null when `host` is allowed, else the error to answer with. */
export function checkHost(
  host: string | undefined,
  allowedHosts: readonly string[],
): MisdirectedHostError | null {
  return isHostAllowed(host, allowedHosts) ? null : new MisdirectedHostError(host);
}
