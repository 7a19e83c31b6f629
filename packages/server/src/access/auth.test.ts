import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  isLoopback,
  isLoopbackHostname,
  isLoopbackOrigin,
  matchToken,
  parseTokenList,
  tokenMatches,
} from './auth';

describe('tokenMatches', () => {
  it('accepts a listed token and refuses others, empty and missing', () => {
    expect(tokenMatches('s3cret', ['other', 's3cret'])).toBe(true);
    expect(tokenMatches('s3cre', ['s3cret'])).toBe(false);
    expect(tokenMatches('', ['s3cret'])).toBe(false);
    expect(tokenMatches(undefined, ['s3cret'])).toBe(false);
    expect(tokenMatches('s3cret', [])).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('isLoopback', () => {
  it('knows loopback in IPv4, IPv6 and mapped forms', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.0.0.2')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.2')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('isLoopbackOrigin', () => {
  it('parses the host as an IP literal or exactly localhost, never by prefix (H2)', () => {
    expect(isLoopbackOrigin('http://127.attacker.example')).toBe(false);
    expect(isLoopbackOrigin('https://127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackOrigin('http://localhost.evil.example')).toBe(false);
    expect(isLoopbackOrigin('http://127.0.0.1:8000')).toBe(true);
    expect(isLoopbackOrigin('http://127.1.2.3')).toBe(true);
    expect(isLoopbackOrigin('http://[::1]:8000')).toBe(true);
    expect(isLoopbackOrigin('http://localhost:5173')).toBe(true);
    expect(isLoopbackOrigin('null')).toBe(false);
    expect(isLoopbackOrigin(undefined)).toBe(false);
  });

  it('treats names that merely start with 127. as names', () => {
    expect(isLoopback('127.evil.example')).toBe(false);
    expect(isLoopbackHostname('127.evil.example')).toBe(false);
    expect(isLoopbackHostname('[::1]')).toBe(true);
  });
});

describe('parseTokenList', () => {
  it('reads name:secret and bare secrets, naming bare ones by position', () => {
    expect(parseTokenList(['ada:0123456789abcdef', 'fedcba9876543210xyz'], 'admin')).toEqual([
      { name: 'ada', secret: '0123456789abcdef' },
      { name: 'admin-2', secret: 'fedcba9876543210xyz' },
    ]);
  });

  it('refuses secrets shorter than 16 characters and repeated names', () => {
    expect(() => parseTokenList(['ada:short'], 'admin')).toThrow(/at least 16/);
    expect(() => parseTokenList(['tooshort'], 'admin')).toThrow(/at least 16/);
    expect(() => parseTokenList(['ada:0123456789abcdef', 'ada:fedcba9876543210'], 'admin')).toThrow(
      /twice/,
    );
  });

  it('finds which token matched', () => {
    const tokens = parseTokenList(['ada:0123456789abcdef', 'bob:fedcba9876543210'], 'admin');
    expect(matchToken('fedcba9876543210', tokens)?.name).toBe('bob');
    expect(matchToken('fedcba987654321', tokens)).toBeUndefined();
    expect(matchToken(undefined, tokens)).toBeUndefined();
  });
});
