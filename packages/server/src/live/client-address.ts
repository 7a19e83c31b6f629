import type { IncomingMessage } from 'node:http';

/**
 * The client's address for per-address limits: the left-most `X-Forwarded-For` entry when the
 * server sits behind a trusted proxy (`TRUST_PROXY`, as Fastify does for `request.ip`), else
 * the socket's peer. IPv4-mapped IPv6 addresses are written as IPv4, so both forms count once.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const header = request.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first) address = first;
  }
  return normaliseAddress(address);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
