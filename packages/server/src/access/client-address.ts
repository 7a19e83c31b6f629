import type { IncomingMessage } from 'node:http';
import {
  createProxyTrust,
  normaliseAddress,
  TRUST_NO_PROXY,
  TRUST_PROXY_TRUE,
  type ProxyTrust,
} from './ip-ranges';

export { normaliseAddress, type ProxyTrust } from './ip-ranges';

/** The proxy settings of `config.ts` (see `TRUST_PROXY`). */
export interface ProxySettings {
  /** True when some proxy is trusted. */
  trustProxy: boolean;
  /** Trusted proxy addresses, CIDRs or range names; empty with `trustProxy`: loopback and private. */
  trustedProxies?: readonly string[];
}

/**
 * The {@link ProxyTrust} of the settings. `trustProxy: true` with no list trusts proxies on
 * loopback and private networks ({@link TRUST_PROXY_TRUE}), never an arbitrary peer.
 */
export function proxyTrustOf(settings: ProxySettings): ProxyTrust {
  if (!settings.trustProxy) return TRUST_NO_PROXY;
  const entries = settings.trustedProxies?.length ? settings.trustedProxies : TRUST_PROXY_TRUE;
  return createProxyTrust(entries);
}

/**
 * Fastify's `trustProxy` option for `trust`: false when no proxy is trusted (no forwarded
 * header is read), else a function that @fastify/proxy-addr calls for each hop from the socket
 * leftwards, so `request.ip` is the first untrusted hop, as in {@link clientAddress}.
 */
export function fastifyTrustProxy(trust: ProxyTrust): false | ((address: string) => boolean) {
  return trust === TRUST_NO_PROXY ? false : (address) => trust(address);
}

/**
 * The client's address for per-address limits. Starting at the socket's peer, while the hop is
 * a trusted proxy the address it forwarded (the next `X-Forwarded-For` entry from the right) is
 * taken; the first untrusted hop is the client. A peer that is not a trusted proxy is the
 * client, whatever headers it sends, so nobody can write their own address. `Forwarded`
 * (RFC 7239) is not read, as by Fastify. IPv4-mapped IPv6 addresses are written as IPv4.
 * This is the same walk as Fastify's `request.ip` with {@link fastifyTrustProxy}, so HTTP,
 * SSE and WebSocket agree.
 */
export function clientAddress(request: IncomingMessage, trust: ProxyTrust): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  if (trust === TRUST_NO_PROXY) return normaliseAddress(address);
  const header = request.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return normaliseAddress(address);
  let end = value.length;
  while (trust(address)) {
    // The next entry from the right; empty entries (",,") are skipped as Fastify skips them.
    let entry = '';
    while (entry === '' && end > 0) {
      const comma = value.lastIndexOf(',', end - 1);
      entry = value.slice(comma + 1, end).trim();
      end = comma < 0 ? 0 : comma;
    }
    if (entry === '') break;
    address = entry;
  }
  return normaliseAddress(address);
}
