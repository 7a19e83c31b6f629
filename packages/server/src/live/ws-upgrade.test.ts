import { describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { liveTarget } from './ws-upgrade';

const [path] = PATHS.websocket;

describe('liveTarget', () => {
  it('splits a plain request target into path and query', () => {
    expect(liveTarget(path)).toEqual({ pathname: path, search: '' });
    expect(liveTarget(`${path}?token=abc&x=1`)).toEqual({
      pathname: path,
      search: '?token=abc&x=1',
    });
  });

  it('matches what the URL parser makes of anything else', () => {
    for (const raw of [
      '/ws/./monitoring/../monitoring/pipeline-status?token=t',
      'http://example.org/ws/monitoring/pipeline-status?token=t',
      `${path}?token=abc#fragment`,
      '/ws/monitoring/pipeline%2Dstatus',
      '/elsewhere?token=t',
      '//double/slash',
    ]) {
      const url = new URL(raw, 'http://localhost');
      expect(liveTarget(raw), raw).toEqual({ pathname: url.pathname, search: url.search });
    }
  });

  it('keeps the token of a fragment-carrying target out of the fragment', () => {
    const search = liveTarget(`${path}?token=abc#frag`)?.search;
    expect(new URLSearchParams(search).get('token')).toBe('abc');
  });

  // Regression (C1): these targets pass llhttp but make `new URL` throw; liveTarget threw on the
  // raw `upgrade` event and the process exited.
  it('answers null, never throws, for targets the URL parser refuses', () => {
    for (const raw of ['//', '///', '//a:b', '//[', '//%', '/\\', '//a:99999', '//[::1', '// x']) {
      expect(URL.canParse(raw, 'http://localhost'), raw).toBe(false);
      expect(() => liveTarget(raw), raw).not.toThrow();
      expect(liveTarget(raw), raw).toBeNull();
    }
  });
});
