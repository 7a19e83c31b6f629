import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `candidate` equals one of `tokens`. Compares SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of a token leaks through timing.
 */
export function tokenMatches(candidate: string | undefined, tokens: readonly string[]): boolean {
  if (candidate === undefined || candidate === '') return false;
  const digest = createHash('sha256').update(candidate).digest();
  let matched = false;
  for (const token of tokens) {
    // No early return: every token is compared whatever matched.
    if (timingSafeEqual(digest, createHash('sha256').update(token).digest())) matched = true;
  }
  return matched;
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * True when a request sent by a browser (it carries `Origin`) comes from a page served by this
 * host itself (localhost, 127.0.0.0/8, [::1]); true without `Origin` (not a browser). Trust
 * given to loopback callers needs both: a page on another site that a browser on this host
 * opens (CSRF), or a DNS-rebinding name that resolves to 127.0.0.1, must not borrow it.
 */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || isLoopback(hostname);
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}
