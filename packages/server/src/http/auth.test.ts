import { describe, expect, it } from 'vitest';
import { bearerToken, isLoopback, tokenMatches } from './auth';

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
