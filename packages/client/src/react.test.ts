// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeStatusDocument } from '../test/support/status-document';
import { MonitorClientCore } from './client';
import type { TransportCallbacks } from './transports/transport';
import { useMonitorStatus } from './react';

describe('useMonitorStatus', () => {
  it('renders the client snapshot and re-renders when it changes', () => {
    let callbacks: TransportCallbacks | null = null;
    const transport = (_options: unknown, given: TransportCallbacks) => {
      callbacks = given;
      return {
        name: 'sse' as const,
        refresh: () => Promise.resolve(false),
        close: () => undefined,
      };
    };
    const client = new MonitorClientCore(
      { baseUrl: 'http://monitor.test', transports: ['sse'], document: null, window: null },
      { websocket: transport, sse: transport, polling: transport },
    );
    const { result } = renderHook(() => useMonitorStatus(client));
    expect(result.current.state).toBe('disconnected');

    act(() => client.start());
    expect(result.current.state).toBe('connecting');
    const before = result.current;

    act(() => callbacks?.onUpdate({ status: makeStatusDocument({ articles: 8 }), seq: 3 }));
    expect(result.current).toMatchObject({ state: 'connected', transport: 'sse', seq: 3 });
    expect(result.current.status?.scraping_health.articles_collected).toBe(8);
    expect(result.current).not.toBe(before);
    expect(result.current).toBe(client.getSnapshot());

    act(() => client.close());
    expect(result.current.state).toBe('disconnected');
    expect(result.current.status?.scraping_health.articles_collected).toBe(8);
  });
});
