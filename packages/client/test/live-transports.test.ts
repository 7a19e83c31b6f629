import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  createMonitorClient,
  type ClientSnapshot,
  type MonitorClient,
  type MonitorClientOptions,
} from '@naija-monitor/client';
import { makeStatusDocument } from './support/status-document';
import { StatusTestServer } from './support/status-server';

// The real client, with its real transports, against a real server on an ephemeral port.
// Short intervals keep the suite quick; waits use vi.waitFor with generous limits.

const clients: MonitorClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function connect(server: StatusTestServer, options: Partial<MonitorClientOptions> = {}) {
  const client = createMonitorClient({
    baseUrl: server.baseUrl,
    WebSocket, // Node 20 has no global WebSocket: inject the `ws` one
    intervalMs: 200,
    reconnectBaseDelayMs: 50,
    reconnectMaxDelayMs: 300,
    maxReconnectAttempts: 3,
    pollIntervalMs: 100,
    probeIntervalMs: 300,
    document: null,
    window: null,
    ...options,
  });
  clients.push(client);
  client.start();
  return client;
}

async function until(
  client: MonitorClient,
  expected: Partial<ClientSnapshot> | ((snapshot: ClientSnapshot) => boolean),
  timeoutMs = 10_000,
): Promise<ClientSnapshot> {
  await vi.waitFor(
    () => {
      const snapshot = client.getSnapshot();
      if (typeof expected === 'function')
        expect(expected(snapshot), JSON.stringify(snapshot)).toBe(true);
      else expect(snapshot).toMatchObject(expected);
    },
    { timeout: timeoutMs, interval: 10 },
  );
  return client.getSnapshot();
}

const articles = (snapshot: ClientSnapshot): number | undefined =>
  snapshot.status?.scraping_health.articles_collected;

describe('client against a live server', () => {
  it('connects over WebSocket, gets pushed changes at once, and refreshes on demand', async () => {
    await using server = await StatusTestServer.start({ intervalMs: 60_000 }); // no periodic noise
    const client = connect(server, { intervalMs: 60_000 });
    const connected = await until(client, { state: 'connected', transport: 'websocket' });
    expect(articles(connected)).toBe(1);
    expect(connected.seq).toBe(1);

    server.setStatus(makeStatusDocument({ articles: 42 }));
    const pushed = await until(client, (s) => articles(s) === 42);
    expect(pushed.seq).toBe(2);

    await client.refresh(); // resolves once the server's answer arrived
    expect(server.counts.refreshes).toBe(1);
    expect(client.getSnapshot().receivedAt).toBeGreaterThanOrEqual(pushed.receivedAt ?? 0);
  });

  it('reconnects by itself after the server is killed and restarted', async () => {
    await using server = await StatusTestServer.start();
    const client = connect(server);
    await until(client, { state: 'connected', transport: 'websocket' });

    await server.kill();
    const down = await until(client, (s) => s.state === 'reconnecting' && s.attempt >= 1);
    expect(down.status).not.toBeNull(); // the last good status stays
    expect(down.error?.code).toBe('network');

    server.setStatus(makeStatusDocument({ articles: 77 }));
    await server.restart();
    const back = await until(client, (s) => s.state === 'connected' && articles(s) === 77);
    expect(back).toMatchObject({ transport: 'websocket', attempt: 0, error: null });
  });

  it('falls back to SSE when the WebSocket path is refused, and returns to WebSocket when it is back', async () => {
    await using server = await StatusTestServer.start();
    server.websocketRefusal = 503;
    const client = connect(server);
    const onSse = await until(client, { state: 'connected', transport: 'sse' });
    expect(onSse.seq).toBe(1);
    expect(server.sseStreams).toBe(1);

    server.setStatus(makeStatusDocument({ articles: 5 }));
    await until(client, (s) => articles(s) === 5 && s.transport === 'sse');

    server.websocketRefusal = null; // the probe (every 300 ms) finds WebSocket working again
    await until(client, { state: 'connected', transport: 'websocket' });
    await vi.waitFor(() => expect(server.sseStreams).toBe(0)); // the SSE stream was let go
    expect(server.websockets).toBe(1);
  });

  it('falls back to polling (with ETag/304) when WebSocket and SSE are refused, then back to WebSocket', async () => {
    await using server = await StatusTestServer.start();
    server.websocketRefusal = 404;
    server.sseRefusal = 404;
    const client = connect(server);
    const polling = await until(client, { state: 'polling', transport: 'polling' });
    expect(polling.seq).toBeNull();

    await until(client, (s) => articles(s) === 1);
    await vi.waitFor(() => expect(server.counts.notModified).toBeGreaterThan(0));
    server.setStatus(makeStatusDocument({ articles: 9 }));
    await until(client, (s) => articles(s) === 9 && s.state === 'polling');

    server.websocketRefusal = null;
    await until(client, { state: 'connected', transport: 'websocket' });
    const polls = server.counts.polls;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.counts.polls).toBe(polls); // polling stopped
  });

  it('honours Retry-After on a refused handshake', async () => {
    await using server = await StatusTestServer.start();
    server.websocketRefusal = 503;
    server.sseRefusal = 503;
    server.retryAfterSeconds = 1;
    const client = connect(server);
    const waiting = await until(
      client,
      (s) => s.state === 'reconnecting' && s.nextRetryAt !== null,
    );
    expect((waiting.nextRetryAt ?? 0) - Date.now()).toBeGreaterThan(500); // at least ~1 s, not 50 ms
    const handshakes = server.counts.handshakes;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.counts.handshakes).toBe(handshakes);
  });

  it('stops on 4001 with a wrong token, and makes no further attempts', async () => {
    await using server = await StatusTestServer.start({ token: 's3cret' });
    const client = connect(server, { token: 'wrong' });
    const stopped = await until(client, (s) => s.error?.code === 'unauthorized');
    expect(stopped).toMatchObject({ state: 'disconnected', transport: null });
    expect(stopped.error?.message).toContain('4001');
    const handshakes = server.counts.handshakes;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.counts.handshakes).toBe(handshakes);
    expect(server.counts.sseStreams + server.counts.polls).toBe(0);
  });

  it('sends the token on every transport: ?token= for WebSocket and SSE, Bearer for HTTP', async () => {
    await using server = await StatusTestServer.start({ token: 's3cret' });
    const client = connect(server, { token: 's3cret' });
    await until(client, { state: 'connected', transport: 'websocket' });
    client.close();

    server.websocketRefusal = 503;
    const sse = connect(server, { token: 's3cret' });
    await until(sse, { state: 'connected', transport: 'sse' });
    sse.close();

    server.sseRefusal = 503;
    const polling = connect(server, { token: 's3cret', transports: ['polling'] });
    const polled = await until(polling, (s) => s.state === 'polling' && s.receivedAt !== null);
    expect(polled.error).toBeNull();

    const refused = connect(server, { token: 'nope', transports: ['polling'] });
    await until(refused, (s) => s.state === 'disconnected' && s.error?.code === 'unauthorized');
  });

  it('reconnects after a graceful restart (1012) and after a rotation (1000)', async () => {
    await using server = await StatusTestServer.start();
    const client = connect(server);
    await until(client, { state: 'connected', transport: 'websocket' });
    const states: string[] = [];
    client.on('state', (state) => states.push(state));

    server.closeWebSockets(1012, 'restart');
    await until(client, (s) => s.state === 'connected' && server.counts.handshakes === 2);
    server.closeWebSockets(1000, 'rotation');
    await until(client, (s) => s.state === 'connected' && server.counts.handshakes === 3);
    expect(states).toEqual(['reconnecting', 'connected', 'reconnecting', 'connected']);
  });

  it('reconnects when the server goes silent (watchdog)', async () => {
    await using server = await StatusTestServer.start({ intervalMs: 60_000 }); // says hello, then nothing
    const client = connect(server, { intervalMs: 100 }); // expects an update every 100 ms
    await until(client, { state: 'connected' });
    const dropped = await until(
      client,
      (s) => s.error?.message.startsWith('No update within 300 ms') === true,
    );
    expect(dropped.status).not.toBeNull();
    await vi.waitFor(() => expect(server.counts.handshakes).toBeGreaterThanOrEqual(2));
  });

  it('close() leaves the server with no connection from this client', async () => {
    await using server = await StatusTestServer.start();
    const ws = connect(server);
    await until(ws, { transport: 'websocket' });
    server.websocketRefusal = 503;
    const sse = connect(server);
    await until(sse, { transport: 'sse' });
    expect(server.websockets + server.sseStreams).toBe(2);
    ws.close();
    sse.close();
    await vi.waitFor(() => expect(server.websockets + server.sseStreams).toBe(0));
    expect(ws.getSnapshot().state).toBe('disconnected');
  });
});
