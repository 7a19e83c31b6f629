import { describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from './console/session-store';
import { adoptUrlToken, type UrlTokenHost } from './url-token';

function host(href: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  const value: UrlTokenHost & { location: { href: string } } = {
    location: { href },
    history: {
      state: null,
      replaceState: (_data, _unused, url) => {
        replaced.push(url);
        value.location.href = url;
      },
    },
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, item) => void store.set(key, item),
    },
  };
  return { host: value, store, replaced };
}

describe('adoptUrlToken (issue #13 item 9: tokens out of address bars)', () => {
  it('reads ?token= once, keeps it in sessionStorage and removes it from the address bar', () => {
    const page = host(
      'https://monitor.example/?api=https%3A%2F%2Fa.example&token=s3cret&view=map#x',
    );
    expect(adoptUrlToken(page.host)).toBe('s3cret');
    expect(page.store.get(STORAGE_KEYS.readToken)).toBe('s3cret');
    expect(page.replaced).toHaveLength(1);
    expect(page.host.location.href).not.toContain('s3cret');
    expect(page.host.location.href).toBe(
      'https://monitor.example/?api=https%3A%2F%2Fa.example&view=map#x',
    );
  });

  it('after a reload (no token in the address) uses the kept token without touching history', () => {
    const page = host('https://monitor.example/?token=s3cret');
    adoptUrlToken(page.host);
    expect(adoptUrlToken(page.host)).toBe('s3cret');
    expect(page.replaced).toHaveLength(1);
  });

  it('leaves an address without a token alone', () => {
    const page = host('https://monitor.example/?view=history');
    expect(adoptUrlToken(page.host)).toBeUndefined();
    expect(page.replaced).toEqual([]);
  });

  it('still works when storage refuses writes', () => {
    const page = host('https://monitor.example/?token=t');
    page.host.storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(adoptUrlToken(page.host)).toBe('t');
    expect(page.host.location.href).toBe('https://monitor.example/');
  });
});
