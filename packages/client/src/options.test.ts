import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from './errors';
import { resolveOptions } from './options';
import { sseUrl, statusUrl, websocketUrl } from './urls';

class NoSocket {
  readyState = 0;
  send(): void {}
  close(): void {}
  addEventListener(): void {}
}

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const options = resolveOptions({
      baseUrl: 'http://localhost:8000',
      WebSocket: NoSocket,
      document: null,
      window: null,
    });
    expect(options).toMatchObject({
      token: null,
      intervalMs: 5000,
      watchdogMs: 15_000,
      maxReconnectAttempts: 5,
      pollIntervalMs: 5000,
      probeIntervalMs: 30_000,
      transports: ['websocket', 'sse', 'polling'],
      reconnectBaseDelayMs: 1000,
      reconnectMaxDelayMs: 30_000,
    });
  });

  it('drops transports this platform cannot run (Node 20 has no WebSocket)', () => {
    const options = resolveOptions({ baseUrl: 'http://localhost:8000' });
    expect(options.transports).toEqual(
      typeof globalThis.WebSocket === 'function'
        ? ['websocket', 'sse', 'polling']
        : ['sse', 'polling'],
    );
  });

  it('refuses bad options with the option named', () => {
    const bad = [
      [{ baseUrl: 'ftp://x' }, 'baseUrl'],
      [{ baseUrl: 'not a url' }, 'baseUrl'],
      [{ baseUrl: 'http://x', intervalMs: 0 }, 'intervalMs'],
      [{ baseUrl: 'http://x', pollIntervalMs: Number.NaN }, 'pollIntervalMs'],
      [{ baseUrl: 'http://x', maxReconnectAttempts: 1.5 }, 'maxReconnectAttempts'],
      [{ baseUrl: 'http://x', transports: [] }, 'transports'],
      [{ baseUrl: 'http://x', transports: ['carrier-pigeon'] }, 'transports'],
    ] as const;
    for (const [options, name] of bad) {
      expect(() => resolveOptions(options as never)).toThrow(InvalidOptionsError);
      expect(() => resolveOptions(options as never)).toThrow(new RegExp(`^${name}:`));
    }
  });
});

describe('urls', () => {
  it('maps http to ws and https to wss, keeps a path prefix, puts the token where it belongs', () => {
    expect(websocketUrl(new URL('http://localhost:8000'), null)).toBe(
      'ws://localhost:8000/ws/monitoring/pipeline-status',
    );
    expect(websocketUrl(new URL('https://example.ng/monitor/'), 'a b&c')).toBe(
      'wss://example.ng/monitor/ws/monitoring/pipeline-status?token=a+b%26c',
    );
    expect(sseUrl(new URL('https://example.ng'), 't')).toBe(
      'https://example.ng/api/v1/monitoring/pipeline-status/stream?token=t',
    );
    expect(statusUrl(new URL('http://h:1/?x=1#y'))).toBe(
      'http://h:1/api/v1/monitoring/pipeline-status',
    );
  });
});
