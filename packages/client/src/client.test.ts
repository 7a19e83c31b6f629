import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeStatusDocument } from '../test/support/status-document';
import { MonitorClientCore } from './client';
import { MonitorClientError } from './errors';
import type { ClientSnapshot } from './snapshot';
import type { ConnectionState, TransportName } from './state-machine';
import type { MonitorClientOptions } from './options';
import type { TransportFactories } from './transports/factories';
import type { Transport, TransportCallbacks, TransportEnd } from './transports/transport';

// Unit tests of the client's decisions, driven through transport doubles under fake timers.
// The real transports are exercised against a real server in test/*.test.ts.

class FakeTransport implements Transport {
  closed = false;
  refreshes = 0;
  #seq = 0;
  constructor(
    readonly name: TransportName,
    readonly callbacks: TransportCallbacks,
  ) {}
  refresh(): Promise<boolean> {
    this.refreshes += 1;
    return Promise.resolve(this.name !== 'sse');
  }
  close(): void {
    this.closed = true;
  }
  /** The server sends a status. */
  update(articles = 100): void {
    this.#seq += 1;
    this.callbacks.onUpdate({
      status: makeStatusDocument({ articles }),
      seq: this.name === 'polling' ? null : this.#seq,
    });
  }
  /** The transport ends by itself. */
  end(end: Partial<TransportEnd> = {}): void {
    this.closed = true;
    this.callbacks.onEnd({
      reason: 'failed',
      error: new MonitorClientError('network', `${this.name} failed`),
      retryAfterMs: null,
      ...end,
    });
  }
}

class UnusedWebSocket {
  readonly readyState = 0;
  constructor() {
    throw new Error('the doubles replace the real transports');
  }
  send(): void {}
  close(): void {}
  addEventListener(): void {}
}

/** A page that is both `document` and `window`, counting its listeners. */
class FakePage {
  visibilityState = 'visible';
  navigator = { onLine: true };
  readonly #listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void): void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
  fire(type: string): void {
    for (const listener of this.#listeners.get(type) ?? []) listener();
  }
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

function setup(options: Partial<MonitorClientOptions> = {}) {
  const created: FakeTransport[] = [];
  const make = (name: TransportName) => (_options: unknown, callbacks: TransportCallbacks) => {
    const transport = new FakeTransport(name, callbacks);
    created.push(transport);
    return transport;
  };
  const factories: TransportFactories = {
    websocket: make('websocket'),
    sse: make('sse'),
    polling: make('polling'),
  };
  const fetch = vi.fn(() =>
    Promise.resolve(
      new Response(JSON.stringify(makeStatusDocument({ articles: 999 })), {
        headers: { 'content-type': 'application/json' },
      }),
    ),
  );
  const client = new MonitorClientCore(
    {
      baseUrl: 'http://monitor.test',
      intervalMs: 1000,
      random: () => 0.5,
      document: null,
      window: null,
      fetch,
      // Never constructed (the doubles stand in); it tells the client WebSocket can run here.
      WebSocket: UnusedWebSocket,
      ...options,
    },
    factories,
  );
  const states: ConnectionState[] = [];
  client.on('state', (state) => states.push(state));
  const last = (): FakeTransport => {
    const transport = created.at(-1);
    if (transport === undefined) throw new Error('no transport created');
    return transport;
  };
  const snap = (): ClientSnapshot => client.getSnapshot();
  return { client, created, last, snap, states, fetch };
}

/** Fails every streaming transport of the running round. */
function failRound(t: ReturnType<typeof setup>, end: Partial<TransportEnd> = {}): void {
  const start = t.created.length;
  t.last().end(end); // websocket
  expect(t.created.length).toBe(start + 1); // SSE tried at once, no waiting in between
  t.last().end(end); // sse
}

/** Waits exactly until the scheduled reconnect round starts. */
function waitForRetry(t: ReturnType<typeof setup>): void {
  const at = t.snap().nextRetryAt;
  if (at === null) throw new Error('no reconnect scheduled');
  vi.advanceTimersByTime(at - Date.now());
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-28T15:30:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MonitorClient: connecting', () => {
  it('connects over WebSocket first and is connected on its first update', () => {
    const t = setup();
    expect(t.snap().state).toBe('disconnected');
    t.client.start();
    expect(t.created.map((x) => x.name)).toEqual(['websocket']);
    expect(t.snap()).toMatchObject({ state: 'connecting', transport: null, status: null });
    t.last().update(7);
    expect(t.snap()).toMatchObject({
      state: 'connected',
      transport: 'websocket',
      seq: 1,
      receivedAt: Date.now(),
      error: null,
      attempt: 0,
    });
    expect(t.snap().status?.scraping_health.articles_collected).toBe(7);
    expect(t.states).toEqual(['connecting', 'connected']);
  });

  it('tries SSE at once when WebSocket fails, and keeps SSE for the next reconnect', () => {
    const t = setup();
    t.client.start();
    t.last().end();
    expect(t.last().name).toBe('sse');
    expect(t.snap().state).toBe('connecting');
    t.last().update();
    expect(t.snap()).toMatchObject({ state: 'connected', transport: 'sse' });
    t.last().end(); // the SSE stream drops
    expect(t.snap().state).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(t.last().name).toBe('sse'); // the transport that worked is tried first
  });

  it('returns the same snapshot object until something changes', () => {
    const t = setup();
    const first = t.snap();
    expect(t.snap()).toBe(first);
    t.client.start();
    const connecting = t.snap();
    expect(connecting).not.toBe(first);
    expect(t.snap()).toBe(connecting);
    t.client.start(); // idempotent
    expect(t.snap()).toBe(connecting);
  });

  it('keeps the last good status and its time through an outage', () => {
    const t = setup();
    t.client.start();
    t.last().update(55);
    const receivedAt = t.snap().receivedAt;
    vi.advanceTimersByTime(500);
    t.last().end();
    waitForRetry(t);
    failRound(t);
    expect(t.snap()).toMatchObject({
      state: 'reconnecting',
      receivedAt,
      error: { code: 'network' },
    });
    expect(t.snap().status?.scraping_health.articles_collected).toBe(55);
  });

  it('reports a bad frame as a protocol error and keeps the connection', () => {
    const t = setup();
    const errors: string[] = [];
    t.client.on('error', (error) => errors.push(error.code));
    t.client.start();
    t.last().update();
    t.last().callbacks.onError(new MonitorClientError('protocol', 'Bad server message'));
    expect(t.snap()).toMatchObject({ state: 'connected', error: { code: 'protocol' } });
    expect(errors).toEqual(['protocol']);
    t.last().update();
    expect(t.snap().error).toBeNull();
  });
});

describe('MonitorClient: backoff and fallback', () => {
  it('waits full-jitter delays between rounds, then falls back to polling after 5 failed rounds', () => {
    const t = setup(); // random 0.5: each delay is half its ceiling
    t.client.start();
    const delays: number[] = [];
    for (let round = 1; round <= 4; round += 1) {
      failRound(t);
      expect(t.snap()).toMatchObject({ state: 'reconnecting', attempt: round });
      const delay = (t.snap().nextRetryAt ?? 0) - Date.now();
      delays.push(delay);
      const before = t.created.length;
      vi.advanceTimersByTime(delay - 1);
      expect(t.created.length).toBe(before); // not a moment early
      vi.advanceTimersByTime(1);
      expect(t.last().name).toBe('websocket');
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    failRound(t);
    expect(t.snap()).toMatchObject({
      state: 'polling',
      transport: 'polling',
      attempt: 5,
      nextRetryAt: null,
    });
    expect(t.last().name).toBe('polling');
    t.last().update();
    expect(t.snap()).toMatchObject({
      state: 'polling',
      transport: 'polling',
      attempt: 0,
      seq: null,
    });
    // One event per change: never a 'polling' state without its transport first.
    expect(t.states).toEqual(['connecting', 'reconnecting', 'polling']);
  });

  it('keeps jittered delays within [0, ceiling) whatever the random source says', () => {
    for (const random of [0, 0.3, 0.999999]) {
      const t = setup({ random: () => random, maxReconnectAttempts: 10 });
      t.client.start();
      for (let attempt = 1; attempt <= 7; attempt += 1) {
        failRound(t);
        const delay = (t.snap().nextRetryAt ?? 0) - Date.now();
        const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        vi.advanceTimersByTime(delay);
      }
      t.client.close();
    }
  });

  it('adds the server Retry-After to the jittered delay', () => {
    const t = setup();
    t.client.start();
    failRound(t, { retryAfterMs: 5000 });
    expect((t.snap().nextRetryAt ?? 0) - Date.now()).toBe(5000 + 1000);
  });

  it('counts failed polls and keeps polling every pollIntervalMs', () => {
    const t = setup({ transports: ['polling'] });
    t.client.start();
    expect(t.snap()).toMatchObject({ state: 'polling', transport: 'polling' });
    t.last().callbacks.onError(new MonitorClientError('network', 'HTTP: HTTP 502'));
    t.last().callbacks.onError(new MonitorClientError('network', 'HTTP: HTTP 502'));
    expect(t.snap()).toMatchObject({ state: 'polling', attempt: 2, error: { code: 'network' } });
    t.last().callbacks.onNotModified();
    expect(t.snap()).toMatchObject({ state: 'polling', attempt: 0, error: null });
    expect(vi.getTimerCount()).toBe(0); // polling only: no probe (the fake polls on its own)
  });

  it('keeps reconnecting, with capped backoff, when polling is not allowed', () => {
    const t = setup({ transports: ['websocket', 'sse'], maxReconnectAttempts: 2 });
    t.client.start();
    for (let round = 1; round <= 8; round += 1) {
      failRound(t);
      expect(t.snap().state).toBe('reconnecting');
      expect((t.snap().nextRetryAt ?? 0) - Date.now()).toBeLessThan(30_000);
      waitForRetry(t);
    }
    expect(t.created.some((x) => x.name === 'polling')).toBe(false);
  });
});

describe('MonitorClient: probe back to WebSocket', () => {
  function pollingClient(options: Partial<MonitorClientOptions> = {}) {
    const t = setup({ maxReconnectAttempts: 1, probeIntervalMs: 30_000, ...options });
    t.client.start();
    failRound(t);
    const polling = t.last();
    expect(polling.name).toBe('polling');
    polling.update();
    return { ...t, polling };
  }

  it('while polling, probes WebSocket every probeIntervalMs and switches when it works', () => {
    const t = pollingClient();
    const before = t.created.length;
    vi.advanceTimersByTime(29_999);
    expect(t.created.length).toBe(before);
    vi.advanceTimersByTime(1);
    const probe = t.last();
    expect(probe.name).toBe('websocket');
    expect(t.snap().state).toBe('polling'); // nothing changes until the probe delivers
    probe.update(321);
    expect(t.snap()).toMatchObject({ state: 'connected', transport: 'websocket', attempt: 0 });
    expect(t.snap().status?.scraping_health.articles_collected).toBe(321);
    expect(t.polling.closed).toBe(true);
    expect(t.states.slice(-2)).toEqual(['polling', 'connected']);
  });

  it('a failed probe stays quiet, keeps polling, and tries again later', () => {
    const t = pollingClient();
    const errors: unknown[] = [];
    t.client.on('error', (error) => errors.push(error));
    vi.advanceTimersByTime(30_000);
    t.last().end(); // websocket probe fails
    expect(t.last().name).toBe('sse'); // then SSE, still better than polling
    t.last().end();
    expect(t.snap()).toMatchObject({ state: 'polling', transport: 'polling', error: null });
    expect(errors).toEqual([]);
    expect(t.polling.closed).toBe(false);
    vi.advanceTimersByTime(30_000);
    expect(t.last().name).toBe('websocket');
  });

  it('probes soon, not after probeIntervalMs, when polls that were failing start working', () => {
    const t = setup({ maxReconnectAttempts: 1, probeIntervalMs: 30_000, random: () => 0.5 });
    t.client.start();
    failRound(t);
    const polling = t.last();
    polling.callbacks.onError(new MonitorClientError('network', 'HTTP: fetch failed'));
    vi.advanceTimersByTime(10_000);
    const before = t.created.length;
    polling.callbacks.onNotModified(); // the server answers again
    vi.advanceTimersByTime(499);
    expect(t.created.length).toBe(before);
    vi.advanceTimersByTime(1); // half the 1 s base, not the 20 s left of the interval
    expect(t.last().name).toBe('websocket');
    t.last().update();
    expect(t.snap()).toMatchObject({ state: 'connected', transport: 'websocket' });
  });

  it('on SSE, probes WebSocket too and upgrades', () => {
    const t = setup({ probeIntervalMs: 10_000, intervalMs: 5000 });
    t.client.start();
    t.last().end(); // websocket refused
    const sse = t.last();
    sse.update();
    vi.advanceTimersByTime(10_000);
    const probe = t.last();
    expect(probe.name).toBe('websocket');
    probe.update();
    expect(t.snap()).toMatchObject({ state: 'connected', transport: 'websocket' });
    expect(sse.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(1); // only the watchdog: no probe above WebSocket
  });

  it('a probe that hangs is cut by the watchdog', () => {
    const t = pollingClient({ intervalMs: 1000 });
    vi.advanceTimersByTime(30_000);
    const probe = t.last();
    vi.advanceTimersByTime(3000);
    expect(probe.closed).toBe(true);
    expect(t.last().name).toBe('sse');
  });
});

describe('MonitorClient: close codes', () => {
  it('stops for good on 4001 Unauthorized and says why', () => {
    const t = setup();
    const errors: MonitorClientError[] = [];
    t.client.on('error', (error) => errors.push(error));
    t.client.start();
    t.last().update();
    t.last().end({
      reason: 'unauthorized',
      error: new MonitorClientError(
        'unauthorized',
        'The server refused the token (close 4001 Unauthorized)',
      ),
    });
    expect(t.snap()).toMatchObject({
      state: 'disconnected',
      transport: null,
      error: { code: 'unauthorized', message: expect.stringContaining('4001') },
    });
    expect(errors.map((e) => e.code)).toEqual(['unauthorized']);
    expect(vi.getTimerCount()).toBe(0);
    const count = t.created.length;
    vi.advanceTimersByTime(10 * 60_000);
    expect(t.created.length).toBe(count);
    t.client.start(); // explicitly, e.g. with a new client for a new token
    expect(t.created.length).toBe(count + 1);
  });

  it('stops on unauthorized during a round too (HTTP 401 on SSE)', () => {
    const t = setup();
    t.client.start();
    t.last().end();
    t.last().end({
      reason: 'unauthorized',
      error: new MonitorClientError('unauthorized', 'HTTP 401'),
    });
    expect(t.snap().state).toBe('disconnected');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reconnects at once after a rotation (1000) of a connection that lived', () => {
    const t = setup();
    t.client.start();
    t.last().update();
    vi.advanceTimersByTime(1000);
    t.last().update();
    t.last().end({ reason: 'rotation', error: null });
    expect(t.snap()).toMatchObject({ state: 'reconnecting', error: null, nextRetryAt: Date.now() });
    vi.advanceTimersByTime(0);
    expect(t.created.map((x) => x.name)).toEqual(['websocket', 'websocket']);
  });

  it('waits a jittered delay after a restart (1012), and after a rotation loop', () => {
    const t = setup({ random: () => 0.25 });
    t.client.start();
    t.last().update();
    t.last().end({
      error: new MonitorClientError('network', 'The server is restarting (WebSocket close 1012)'),
    });
    expect((t.snap().nextRetryAt ?? 0) - Date.now()).toBe(250);
    vi.advanceTimersByTime(250);
    t.last().update();
    t.last().end({ reason: 'rotation', error: null }); // closed right after opening: not "at once"
    expect((t.snap().nextRetryAt ?? 0) - Date.now()).toBe(250);
  });
});

describe('MonitorClient: watchdog', () => {
  it('reconnects when no update arrives within 3 intervals', () => {
    const t = setup({ intervalMs: 1000 });
    t.client.start();
    const ws = t.last();
    ws.update();
    vi.advanceTimersByTime(2000);
    ws.update(); // resets the watchdog
    vi.advanceTimersByTime(2999);
    expect(ws.closed).toBe(false);
    expect(t.snap().state).toBe('connected');
    vi.advanceTimersByTime(1);
    expect(ws.closed).toBe(true);
    expect(t.snap()).toMatchObject({
      state: 'reconnecting',
      error: { code: 'network', message: 'No update within 3000 ms (websocket)' },
    });
    vi.advanceTimersByTime(500); // random 0.5 of the 1 s base
    expect(t.created.length).toBe(2);
    expect(t.last().name).toBe('websocket');
  });

  it('bounds a handshake that never answers, then tries the next transport', () => {
    const t = setup({ intervalMs: 1000 });
    t.client.start();
    vi.advanceTimersByTime(2999);
    expect(t.created.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(t.created[0]?.closed).toBe(true);
    expect(t.last().name).toBe('sse');
  });
});

describe('MonitorClient: pausing', () => {
  it('pauses while the page is hidden and resumes at once when visible', () => {
    const page = new FakePage();
    const t = setup({ document: page, window: page });
    t.client.start();
    t.last().update();
    page.visibilityState = 'hidden';
    page.fire('visibilitychange');
    expect(t.last().closed).toBe(true);
    expect(t.snap()).toMatchObject({ state: 'disconnected', paused: 'hidden', transport: null });
    expect(t.snap().status).not.toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    page.visibilityState = 'visible';
    page.fire('visibilitychange');
    expect(t.snap()).toMatchObject({ state: 'connecting', paused: null });
    expect(t.created.length).toBe(2);
  });

  it('pauses offline, resumes online with a fresh schedule, and starts paused when offline', () => {
    const page = new FakePage();
    page.navigator.onLine = false;
    const t = setup({ document: page, window: page });
    t.client.start();
    expect(t.created.length).toBe(0);
    expect(t.snap()).toMatchObject({ state: 'disconnected', paused: 'offline' });
    page.navigator.onLine = true;
    page.fire('online');
    failRound(t);
    waitForRetry(t);
    failRound(t);
    expect(t.snap().attempt).toBe(2);
    page.fire('offline');
    expect(t.snap()).toMatchObject({ state: 'disconnected', paused: 'offline', attempt: 0 });
    expect(vi.getTimerCount()).toBe(0);
    page.fire('online');
    expect(t.snap()).toMatchObject({ state: 'connecting', attempt: 0 });
    expect(t.last().name).toBe('websocket');
  });

  it('stays paused until every reason is gone', () => {
    const page = new FakePage();
    const t = setup({ document: page, window: page });
    t.client.start();
    page.fire('offline');
    page.visibilityState = 'hidden';
    page.fire('visibilitychange');
    page.fire('online');
    expect(t.snap()).toMatchObject({ state: 'disconnected', paused: 'hidden' });
    expect(t.created.length).toBe(1);
  });
});

describe('MonitorClient: refresh', () => {
  it('over WebSocket sends a refresh request and resolves with the next update', async () => {
    const t = setup();
    t.client.start();
    const ws = t.last();
    ws.update(1);
    let done = false;
    const refreshed = t.client.refresh().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.refreshes).toBe(1);
    expect(done).toBe(false);
    ws.update(2);
    await refreshed;
    expect(t.snap().status?.scraping_health.articles_collected).toBe(2);
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it('while polling, polls now; on SSE or while reconnecting, fetches over HTTP', async () => {
    const polling = setup({ transports: ['polling'] });
    polling.client.start();
    await polling.client.refresh();
    expect(polling.last().refreshes).toBe(1);
    expect(polling.fetch).not.toHaveBeenCalled();

    const t = setup();
    t.client.start();
    t.last().end();
    t.last().update(1); // on SSE
    await t.client.refresh();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.snap()).toMatchObject({ transport: 'sse', seq: null });
    expect(t.snap().status?.scraping_health.articles_collected).toBe(999);
  });

  it('does nothing once closed, and a refresh in flight at close() leaves no timer', async () => {
    const t = setup({ fetch: () => new Promise<Response>(() => undefined) });
    await t.client.refresh();
    t.client.start();
    void t.client.refresh(); // reconnecting: goes over HTTP, never answers
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    t.client.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('MonitorClient: close', () => {
  it('leaves no timer, transport or page listener, whatever it was doing', () => {
    const scenarios: Record<string, (t: ReturnType<typeof setup>) => void> = {
      connecting: () => undefined,
      connected: (t) => t.last().update(),
      reconnecting: (t) => failRound(t),
      polling: (t) => {
        for (let i = 0; i < 5; i += 1) {
          failRound(t);
          if (t.snap().state !== 'polling') waitForRetry(t);
        }
        t.last().update();
      },
      probing: (t) => {
        t.last().end();
        const sse = t.last();
        for (let second = 0; second < 30; second += 1) {
          sse.update();
          vi.advanceTimersByTime(1000);
        }
        expect(t.last().name).toBe('websocket'); // the probe, in flight
        expect(t.snap().transport).toBe('sse');
      },
    };
    for (const [name, reach] of Object.entries(scenarios)) {
      const page = new FakePage();
      const t = setup({ document: page, window: page });
      t.client.start();
      reach(t);
      expect(vi.getTimerCount(), name).toBeGreaterThan(0);
      expect(page.listenerCount, name).toBe(3);
      t.client.close();
      expect(vi.getTimerCount(), name).toBe(0);
      expect(page.listenerCount, name).toBe(0);
      expect(
        t.created.every((x) => x.closed),
        name,
      ).toBe(true);
      expect(t.snap(), name).toMatchObject({
        state: 'disconnected',
        transport: null,
        nextRetryAt: null,
      });
    }
  });

  it('ignores anything a closed transport still reports, and can start again', () => {
    const t = setup();
    t.client.start();
    const ws = t.last();
    ws.update();
    t.client.close();
    const closed = t.snap();
    ws.update();
    ws.end();
    expect(t.snap()).toBe(closed);
    t.client.start();
    expect(t.snap().state).toBe('connecting');
    expect(t.created.length).toBe(2);
  });

  it('a throwing listener does not break the client', () => {
    const t = setup();
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    t.client.subscribe(() => {
      throw new Error('listener bug');
    });
    t.client.on('status', () => {
      throw new Error('handler bug');
    });
    t.client.start();
    t.last().update();
    expect(t.snap().state).toBe('connected');
    expect(reported.map((e) => (e as Error).message)).toContain('handler bug');
    expect(reported.map((e) => (e as Error).message)).toContain('listener bug');
    vi.unstubAllGlobals();
  });
});
