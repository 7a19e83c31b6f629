import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Shortest secret accepted in `AUTH_TOKENS`, `ADMIN_TOKENS` and `INGEST_TOKENS`. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * One configured token: `secret`, and the `name` its holder acts as (the actor recorded on
 * acknowledgements and silences). Written `name:secret` in the environment; a bare secret gets
 * a positional name such as `admin-1`.
 */
export interface NamedToken {
  name: string;
  secret: string;
}

/** `name:` prefixes: a short label, so a secret that merely contains ':' stays whole. */
const NAME_PREFIX = /^([A-Za-z0-9][\w.@-]{0,63}):(.+)$/;

/**
 * Parses one comma-separated token list. Throws `Error(<message>)` for a secret shorter than
 * {@link MIN_TOKEN_LENGTH} (the caller wraps it with the variable's name) or a repeated name.
 */
export function parseTokenList(entries: readonly string[], defaultName: string): NamedToken[] {
  const tokens = entries.map((entry, i) => {
    const named = NAME_PREFIX.exec(entry);
    const token = named
      ? { name: named[1]!, secret: named[2]! }
      : { name: `${defaultName}-${i + 1}`, secret: entry };
    if (token.secret.length < MIN_TOKEN_LENGTH) {
      throw new Error(
        `token "${token.name}" is ${token.secret.length} characters; use at least ${MIN_TOKEN_LENGTH} random characters (e.g. openssl rand -hex 24)`,
      );
    }
    return token;
  });
  const names = new Set<string>();
  for (const { name } of tokens) {
    if (names.has(name)) throw new Error(`the name "${name}" is used twice`);
    names.add(name);
  }
  return tokens;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The token among `tokens` whose secret equals `candidate`, if any. Compares SHA-256 digests
 * with `timingSafeEqual` and always walks the whole list, so neither the content, the length
 * nor the position of a token leaks through timing.
 */
export function matchToken<T extends { secret: string }>(
  candidate: string | undefined,
  tokens: readonly T[],
): T | undefined {
  if (candidate === undefined || candidate === '') return undefined;
  const wanted = digest(candidate);
  let matched: T | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(wanted, digest(token.secret)) && matched === undefined) matched = token;
  }
  return matched;
}

/**
 * True when `candidate` equals one of `tokens`. Compares SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of a token leaks through timing.
 */
export function tokenMatches(candidate: string | undefined, tokens: readonly string[]): boolean {
  return (
    matchToken(
      candidate,
      tokens.map((secret) => ({ secret })),
    ) !== undefined
  );
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * True when `origin` is a page served from this machine: its host is exactly `localhost` or
 * an IP literal in 127.0.0.0/8 or ::1. Names are never judged by their spelling: DNS can point
 * `127.attacker.example` anywhere (DNS rebinding), so only a literal address is loopback.
 */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return false;
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  return isLoopbackHostname(hostname);
}

/** `localhost` exactly, or a loopback IP literal (brackets around IPv6 allowed). */
export function isLoopbackHostname(hostname: string): boolean {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost') return true;
  const literal = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return isIP(literal) !== 0 && isLoopback(literal);
}

/** True for the IP addresses 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const lower = address.toLowerCase();
  const plain = lower.startsWith('::ffff:') ? lower.slice(7) : lower;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return isIP(plain) === 6 && (plain === '::1' || plain === '0:0:0:0:0:0:0:1');
}
