import type { IncomingMessage } from 'node:http';

/**
 * The client's address for per-address limits: behind the one trusted proxy (`TRUST_PROXY`),
 * the right-most `X-Forwarded-For` entry, the address that proxy saw (a proxy that appends
 * keeps whatever the client sent on the left, so the left-most entry is the client's to
 * choose and would let it dodge every per-address limit); else the socket's peer.
 * IPv4-mapped IPv6 addresses are written as IPv4, so both forms count once.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const header = request.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.at(-1) : header)?.split(',').at(-1)?.trim();
    if (last) address = last;
  }
  return normaliseAddress(address);
}

/**
 * Fastify's `trustProxy` for one proxy in front: the socket's peer (hop 0) is trusted, so
 * `request.ip` is the right-most `X-Forwarded-For` entry, as in {@link clientAddress}.
 */
export function trustOneProxyHop(_address: string, hop: number): boolean {
  return hop === 0;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
