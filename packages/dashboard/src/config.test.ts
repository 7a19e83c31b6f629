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
      intervalMs: undefined,
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

  it('passes a sane polling interval through and warns about a bad one', () => {
    expect(resolveMonitorConfig({ ...page, injected: { intervalMs: 2000 } }).intervalMs).toBe(2000);
    const bad = resolveMonitorConfig({ ...page, injected: { intervalMs: 'fast' } });
    expect(bad.intervalMs).toBeUndefined();
    expect(bad.warnings).toHaveLength(1);
  });

  it('ignores a config that is not an object', () => {
    expect(resolveMonitorConfig({ ...page, injected: 'nope' })).toMatchObject({
      source: 'origin',
      warnings: [expect.any(String)],
    });
  });
});
