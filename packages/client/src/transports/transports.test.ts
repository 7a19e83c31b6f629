import { STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeStatusDocument } from '../../test/support/status-document';
import { resolveOptions, type MonitorClientOptions } from '../options';
import { PollingTransport } from './polling';
import { SseTransport } from './sse';
import type { TransportCallbacks, TransportEnd } from './transport';
import { WebSocketTransport } from './websocket';

// Each real transport against scripted platform doubles (fetch, WebSocket) under fake timers.
// The same transports run against a real server in test/live-transports.test.ts.

function recorder() {
  const log: string[] = [];
  const ends: TransportEnd[] = [];
  const callbacks: TransportCallbacks = {
    onUpdate: (update) =>
      log.push(`update ${update.status.scraping_health.articles_collected} seq=${update.seq}`),
    onNotModified: () => log.push('304'),
    onError: (error) => log.push(`error ${error.code}`),
    onEnd: (end) => {
      log.push(`end ${end.reason}`);
      ends.push(end);
    },
  };
  return { log, ends, callbacks };
}

const options = (extra: Partial<MonitorClientOptions> = {}) =>
  resolveOptions({
    baseUrl: 'http://monitor.test',
    token: 'tok',
    document: null,
    window: null,
    pollIntervalMs: 1000,
    ...extra,
  });

const envelope = (articles: number, seq: number) =>
  JSON.stringify({
    type: STATUS_UPDATE_TYPE,
    timestamp: new Date().toISOString(),
    seq,
    data: makeStatusDocument({ articles }),
  });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PollingTransport', () => {
  it('polls every interval with Bearer and If-None-Match, reads 304, waits out Retry-After, stops on 401', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const answers = [
      () =>
        new Response(JSON.stringify(makeStatusDocument({ articles: 3 })), {
          headers: { ETag: 'W/"a"' },
        }),
      () => new Response(null, { status: 304 }),
      () => new Response(null, { status: 503, headers: { 'Retry-After': '4' } }),
      () => new Response(null, { status: 401 }),
    ];
    const fetch = vi.fn((url: string, init?: RequestInit) => {
      requests.push({ url, headers: init?.headers as Record<string, string> });
      const answer = answers.shift();
      return Promise.resolve(answer ? answer() : new Response(null, { status: 500 }));
    });
    const { log, callbacks } = recorder();
    const transport = new PollingTransport(options({ fetch }), callbacks);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['update 3 seq=null']);
    expect(requests[0]).toEqual({
      url: 'http://monitor.test/api/v1/monitoring/pipeline-status',
      headers: { Accept: 'application/json', Authorization: 'Bearer tok' },
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests[1]?.headers['If-None-Match']).toBe('W/"a"');
    expect(log.at(-1)).toBe('304');
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.at(-1)).toBe('error network');
    await vi.advanceTimersByTimeAsync(3999);
    expect(requests).toHaveLength(3); // Retry-After: 4 s, not the 1 s interval
    await vi.advanceTimersByTimeAsync(1);
    expect(log.at(-1)).toBe('end unauthorized');
    expect(vi.getTimerCount()).toBe(0);
    await transport.refresh();
    expect(requests).toHaveLength(4);
  });

  it('reports a body that is not a status document as a protocol error and goes on', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response('{"hello":"world"}')));
    const { log, callbacks } = recorder();
    const transport = new PollingTransport(options({ fetch }), callbacks);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['error protocol']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
    transport.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() aborts a poll in flight and leaves no timer', async () => {
    let signal: AbortSignal | undefined;
    const fetch = vi.fn((_url: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    });
    const { log, callbacks } = recorder();
    const transport = new PollingTransport(options({ fetch }), callbacks);
    await vi.advanceTimersByTimeAsync(0);
    transport.close();
    expect(signal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(log).toEqual([]);
  });
});

describe('SseTransport', () => {
  function streamOf(chunks: string[], keepOpen = true): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        if (!keepOpen) controller.close();
      },
    });
  }

  it('reads events split across chunks, with the token in the query', async () => {
    const urls: string[] = [];
    const first = envelope(4, 10);
    const fetch = vi.fn((url: string) => {
      urls.push(url);
      return Promise.resolve(
        new Response(
          streamOf([
            'retry: 1000\n\n: hi\n\nid: 10\ndata: ',
            `${first.slice(0, 20)}`,
            `${first.slice(20)}\n\n`,
          ]),
          { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } },
        ),
      );
    });
    const { log, callbacks } = recorder();
    const transport = new SseTransport(options({ fetch }), callbacks);
    await vi.waitFor(() => expect(log).toEqual(['update 4 seq=10']));
    expect(urls).toEqual([
      'http://monitor.test/api/v1/monitoring/pipeline-status/stream?token=tok&v=2',
    ]);
    expect(await transport.refresh()).toBe(false);
    transport.close();
  });

  it('ends: unauthorized on 401, failed with Retry-After on 503, protocol on a wrong content type, failed when the stream ends', async () => {
    const cases: [Response, Partial<TransportEnd>, string?][] = [
      [new Response(null, { status: 401 }), { reason: 'unauthorized' }, 'unauthorized'],
      [
        new Response(null, { status: 503, headers: { 'Retry-After': '3' } }),
        { reason: 'failed', retryAfterMs: 3000 },
        'network',
      ],
      [
        new Response('<html>', { headers: { 'Content-Type': 'text/html' } }),
        { reason: 'failed' },
        'protocol',
      ],
      [
        new Response(streamOf([`data: ${envelope(1, 1)}\n\n`], false), {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
        { reason: 'failed' },
        'network',
      ],
    ];
    for (const [response, expected, code] of cases) {
      const { ends, callbacks } = recorder();
      new SseTransport(options({ fetch: () => Promise.resolve(response) }), callbacks);
      await vi.waitFor(() => expect(ends).toHaveLength(1));
      expect(ends[0]).toMatchObject(expected);
      expect(ends[0]?.error?.code).toBe(code);
    }
  });

  it('close() aborts the request and reports nothing afterwards', async () => {
    let signal: AbortSignal | undefined;
    const fetch = vi.fn((_url: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return Promise.resolve(
        new Response(streamOf([]), { headers: { 'Content-Type': 'text/event-stream' } }),
      );
    });
    const { log, callbacks } = recorder();
    const transport = new SseTransport(options({ fetch }), callbacks);
    await vi.advanceTimersByTimeAsync(0);
    transport.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(true);
    expect(log).toEqual([]);
  });
});

describe('WebSocketTransport', () => {
  class ScriptedSocket {
    static last: ScriptedSocket | null = null;
    readyState = 0;
    sent: string[] = [];
    closedWith: number | undefined;
    readonly listeners = new Map<string, ((event: never) => void)[]>();
    constructor(readonly url: string) {
      ScriptedSocket.last = this;
    }
    send(data: string): void {
      this.sent.push(data);
    }
    close(code?: number): void {
      this.closedWith = code;
    }
    addEventListener(type: string, listener: (event: never) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    emit(type: string, event: unknown = {}): void {
      for (const listener of this.listeners.get(type) ?? []) listener(event as never);
    }
  }

  it('reads updates, answers refresh only when open, and maps 4001 to unauthorized', () => {
    const { log, callbacks } = recorder();
    const transport = new WebSocketTransport(options({ WebSocket: ScriptedSocket }), callbacks);
    const socket = ScriptedSocket.last;
    expect(socket?.url).toBe('ws://monitor.test/ws/monitoring/pipeline-status?token=tok');
    expect(socket?.listeners.get('error')).toHaveLength(1); // `ws` throws on an unheard error
    void transport.refresh();
    expect(socket?.sent).toEqual([]);
    socket!.readyState = 1;
    socket?.emit('open');
    socket?.emit('message', { data: envelope(6, 2) });
    socket?.emit('message', { data: '{"type":"pong","timestamp":"2026-01-01T00:00:00Z"}' });
    socket?.emit('message', { data: 'garbage' });
    void transport.refresh();
    expect(socket?.sent).toEqual(['{"type":"refresh"}']);
    socket?.emit('close', { code: 4001, reason: 'Unauthorized' });
    socket?.emit('close', { code: 1006, reason: '' }); // at most one end
    expect(log).toEqual(['update 6 seq=2', 'error protocol', 'end unauthorized']);
  });

  it('reports a constructor failure as a failed end on a later tick', async () => {
    class Throwing extends ScriptedSocket {
      constructor(url: string) {
        super(url);
        throw new SyntaxError('bad url');
      }
    }
    const { log, callbacks } = recorder();
    new WebSocketTransport(options({ WebSocket: Throwing }), callbacks);
    expect(log).toEqual([]);
    await Promise.resolve();
    expect(log).toEqual(['end failed']);
  });

  it('close() closes with 1000 and silences the socket', () => {
    const { log, callbacks } = recorder();
    const transport = new WebSocketTransport(options({ WebSocket: ScriptedSocket }), callbacks);
    const socket = ScriptedSocket.last;
    transport.close();
    socket?.emit('message', { data: envelope(1, 1) });
    socket?.emit('close', { code: 1000, reason: '' });
    expect(socket?.closedWith).toBe(1000);
    expect(log).toEqual([]);
  });
});
