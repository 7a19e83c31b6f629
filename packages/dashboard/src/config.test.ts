import { describe, expect, it } from 'vitest';
import { resolveMonitorConfig, type ConfigInputs } from './config';

const page: ConfigInputs = {
  search: '',
  origin: 'https://dash.example.org',
  injected: undefined,
  buildUrl: undefined,
};

describe('resolveMonitorConfig', () => {
  it('defaults to the page origin', () => {
    expect(resolveMonitorConfig(page)).toEqual({
      apiUrl: 'https://dash.example.org',
      token: undefined,
      tunables: {},
      source: 'origin',
      warnings: [],
    });
  });

  it('takes the build-time URL over the origin, the run-time one over both, the query over all', () => {
    const build = { ...page, buildUrl: 'https://build.example.org/' };
    expect(resolveMonitorConfig(build)).toMatchObject({
      apiUrl: 'https://build.example.org',
      source: 'build',
    });
    const runtime = { ...build, injected: { apiUrl: 'https://runtime.example.org/monitor/' } };
    expect(resolveMonitorConfig(runtime)).toMatchObject({
      apiUrl: 'https://runtime.example.org/monitor',
      source: 'runtime',
    });
    const query = { ...runtime, search: '?api=http%3A%2F%2F127.0.0.1%3A8000' };
    expect(resolveMonitorConfig(query)).toMatchObject({
      apiUrl: 'http://127.0.0.1:8000',
      source: 'query',
    });
  });

  it('resolves a relative URL against the page', () => {
    expect(resolveMonitorConfig({ ...page, injected: { apiUrl: '/monitor' } }).apiUrl).toBe(
      'https://dash.example.org/monitor',
    );
  });

  it('ignores unusable URLs with a warning and falls through to the next source', () => {
    const config = resolveMonitorConfig({
      ...page,
      search: '?api=javascript:alert(1)',
      buildUrl: 'https://build.example.org',
    });
    expect(config).toMatchObject({ apiUrl: 'https://build.example.org', source: 'build' });
    expect(config.warnings).toEqual([
      'Ignored API URL from query ("javascript:alert(1)"): not an http(s) URL.',
    ]);
  });

  it('uses the run-time token, but never sends it to a server named in the address bar', () => {
    const injected = { apiUrl: 'https://api.example.org', token: 'secret' };
    expect(resolveMonitorConfig({ ...page, injected }).token).toBe('secret');
    expect(
      resolveMonitorConfig({ ...page, injected, search: '?api=https://elsewhere.example' }).token,
    ).toBeUndefined();
    expect(
      resolveMonitorConfig({ ...page, injected, search: '?api=https://elsewhere.example&token=t2' })
        .token,
    ).toBe('t2');
  });

  it('passes sane client tunables through and warns about bad ones', () => {
    const injected = {
      intervalMs: 2000,
      probeIntervalMs: 3000,
      maxReconnectAttempts: 2,
      pollIntervalMs: 'fast',
      reconnectBaseDelayMs: -1,
    };
    const config = resolveMonitorConfig({ ...page, injected });
    expect(config.tunables).toEqual({
      intervalMs: 2000,
      probeIntervalMs: 3000,
      maxReconnectAttempts: 2,
    });
    expect(config.warnings).toEqual([
      'Ignored pollIntervalMs from /config.js: expected a number ≥ 100.',
      'Ignored reconnectBaseDelayMs from /config.js: expected a number ≥ 10.',
    ]);
    expect(
      resolveMonitorConfig({ ...page, injected: { maxReconnectAttempts: 1.5 } }).tunables,
    ).toEqual({});
  });

  it('ignores a config that is not an object', () => {
    expect(resolveMonitorConfig({ ...page, injected: 'nope' })).toMatchObject({
      source: 'origin',
      warnings: [expect.any(String)],
    });
  });

  it('uses the token a link left in sessionStorage after it left the address bar', () => {
    expect(resolveMonitorConfig({ ...page, sessionToken: 'kept' }).token).toBe('kept');
    // A token still in the address wins (a fresh link).
    expect(
      resolveMonitorConfig({ ...page, search: '?token=fresh', sessionToken: 'kept' }).token,
    ).toBe('fresh');
  });
});
