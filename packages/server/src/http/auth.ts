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

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}
