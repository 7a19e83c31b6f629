import { describe, expect, it } from 'vitest';
import { checkHost, isHostAllowed, parseAllowedHosts } from './host-policy';

describe('parseAllowedHosts', () => {
  it('defaults to loopback names and the public URL host', () => {
    expect(parseAllowedHosts([])).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(parseAllowedHosts([], 'https://Monitor.Example.org:8443/x')).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'monitor.example.org',
    ]);
  });

  it('validates entries', () => {
    expect(parseAllowedHosts(['A.example', '203.0.113.5:8000', '[2001:db8::1]', '*'])).toEqual([
      'a.example',
      '203.0.113.5:8000',
      '[2001:db8::1]',
      '*',
    ]);
    expect(() => parseAllowedHosts(['http://a.example'])).toThrow(/not a host name/);
    expect(() => parseAllowedHosts(['a.example/path'])).toThrow(/not a host name/);
  });
});

describe('isHostAllowed', () => {
  const allowed = parseAllowedHosts(['monitor.example.org', '203.0.113.5:8000']);

  it('accepts listed names on any port, listed host:port exactly, and loopback literals', () => {
    expect(isHostAllowed('monitor.example.org', allowed)).toBe(true);
    expect(isHostAllowed('MONITOR.example.org.:443', allowed)).toBe(true);
    expect(isHostAllowed('203.0.113.5:8000', allowed)).toBe(true);
    expect(isHostAllowed('203.0.113.5', allowed)).toBe(false);
    expect(isHostAllowed('127.0.0.1:9999', allowed)).toBe(true);
    expect(isHostAllowed('[::1]', allowed)).toBe(true);
    expect(isHostAllowed('localhost:3000', allowed)).toBe(true);
  });

  it('refuses other names, lookalikes, malformed and missing Host', () => {
    expect(isHostAllowed('rebind.evil:8000', allowed)).toBe(false);
    expect(isHostAllowed('127.evil.example', allowed)).toBe(false);
    expect(isHostAllowed('monitor.example.org.evil', allowed)).toBe(false);
    expect(isHostAllowed('a b', allowed)).toBe(false);
    expect(isHostAllowed('', allowed)).toBe(false);
    expect(isHostAllowed(undefined, allowed)).toBe(false);
    expect(isHostAllowed('x'.repeat(100_000), allowed)).toBe(false);
  });

  it('accepts anything with *', () => {
    expect(isHostAllowed('rebind.evil', ['*'])).toBe(true);
  });

  it('explains the refusal with the setting to change', () => {
    expect(checkHost('rebind.evil:8000', allowed)?.message).toMatch(/ALLOWED_HOSTS/);
    expect(checkHost('monitor.example.org', allowed)).toBeNull();
  });
});
