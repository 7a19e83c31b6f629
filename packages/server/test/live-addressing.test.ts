import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLOSE_CODES, PATHS } from '@naija-monitor/protocol';
import { openDatabase, type Database } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { TestSseClient, TestWsClient, attemptHandshake } from './support/live-clients';
import { startLiveServer, type LiveServer, type LiveServerOptions } from './support/live-server';

// Review M5: per-address limits that hold against IPv6 rotation, forwarded headers from peers
// that are not proxies, and floods of handshakes without a token.
describe('live limits by client address', () => {
  let server: LiveServer | undefined;
  const clients: (TestWsClient | TestSseClient)[] = [];
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
  });
  afterAll(async () => database?.close());
  const start = (options: LiveServerOptions = {}) => startLiveServer({ database, ...options });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('counts IPv6 clients per /64 for MAX_CONNECTIONS_PER_IP (addresses from a trusted proxy)', async () => {
    server = await start({ config: { trustProxy: true, maxConnectionsPerIp: 2 } });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    clients.push(await TestWsClient.open(server.wsUrl(), from('2001:db8:7:1::1')));
    clients.push(await TestWsClient.open(server.wsUrl(), from('2001:db8:7:1::2')));
    const rotated = await attemptHandshake(server.wsUrl(), from('2001:db8:7:1::beef'));
    expect(rotated?.statusCode).toBe(429);
    expect(JSON.parse(rotated!.body)).toMatchObject({ error: 'TOO_MANY_CONNECTIONS_FROM_ADDRESS' });
    // SSE counts in the same bucket.
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      'x-forwarded-for': '2001:db8:7:1::cafe',
    });
    await sse.ended;
    expect(sse.statusCode).toBe(429);
    // Another /64 is another subscriber.
    clients.push(await TestWsClient.open(server.wsUrl(), from('2001:db8:7:2::1')));
  });

  it('ignores X-Forwarded-For from a peer outside TRUST_PROXY, on WebSocket and SSE alike', async () => {
    // The proxy is on 10.0.0.0/8; this test's peer (127.0.0.1) is a client writing headers.
    server = await start({
      config: { trustProxy: true, trustedProxies: ['10.0.0.0/8'], maxConnectionsPerIp: 1 },
    });
    clients.push(
      await TestWsClient.open(server.wsUrl(), { headers: { 'x-forwarded-for': '198.51.100.1' } }),
    );
    const spoofed = await attemptHandshake(server.wsUrl(), {
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    expect(spoofed?.statusCode).toBe(429);
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      'x-forwarded-for': '198.51.100.3',
    });
    await sse.ended;
    expect(sse.statusCode).toBe(429);
    expect(server.live.hub.registry.countForIp('127.0.0.1')).toBe(1);
  });

  it('a flood of tokenless handshakes does not lock out a client with a valid token', async () => {
    server = await start({
      config: {
        authTokens: ['s3cret-token'],
        maxHandshakesPerSecond: 5,
        handshakesPerIpPerMinute: 1_000_000,
        maxConnectionsPerIp: 1000,
      },
    });
    const flood = await Promise.all(
      Array.from({ length: 60 }, () =>
        attemptHandshake(server!.wsUrl(PATHS.websocket[0], { token: 'guess' })),
      ),
    );
    // Most are refused before the upgrade; the few let through are closed with 4001.
    expect(flood.filter((answer) => answer?.statusCode === 503).length).toBeGreaterThan(40);
    expect(server.live.metrics.snapshot().refusedByReason.accept_rate ?? 0).toBe(0);
    const good = await TestWsClient.open(
      server.wsUrl(PATHS.websocket[0], { token: 's3cret-token' }),
    );
    clients.push(good);
    await good.waitForUpdates(1, 10_000);
    expect(good.ws.readyState).toBe(good.ws.OPEN);
    // And a tokenless client within its budget still gets the readable 4001 close.
    await vi.waitFor(
      async () => {
        const refused = await TestWsClient.open(server!.wsUrl());
        expect((await refused.closed).code).toBe(CLOSE_CODES.UNAUTHORIZED);
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});
