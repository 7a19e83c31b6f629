import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PATHS, UNAUTHORIZED_REASON } from '@naija-monitor/protocol';
import type { Database } from '../src/db/connection';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { startLiveServer, type LiveServer, type LiveServerOptions } from './support/live-server';
import { TestSseClient, TestWsClient, attemptHandshake } from './support/live-clients';

// Every refusal is an HTTP answer before the upgrade; a bad token is a 4001 close after it.
describe('live connection limits', () => {
  let server: LiveServer | undefined;
  const clients: (TestWsClient | TestSseClient)[] = [];
  // One database for the file: opening PGlite is the slow part on a loaded machine.
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

  it('MAX_CONNECTIONS=100: connections 1 to 100 are accepted, the 101st is answered 503 with Retry-After', async () => {
    server = await start({ config: { maxConnections: 100, broadcastIntervalMs: 1000 } });
    for (let i = 0; i < 100; i += 20) {
      clients.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => TestWsClient.open(server!.wsUrl())),
        )),
      );
    }
    expect(server.live.hub.registry.size).toBe(100);
    const refused = await attemptHandshake(server.wsUrl());
    expect(refused?.statusCode).toBe(503);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused!.body)).toMatchObject({
      error: 'TOO_MANY_CONNECTIONS',
      statusCode: 503,
    });
    // SSE shares the limit.
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse));
    await sse.ended;
    expect(sse.statusCode).toBe(503);
    expect(sse.headers['retry-after']).toBeDefined();
    // A slot freed is a slot available again.
    const leaving = clients.pop() as TestWsClient;
    leaving.close();
    await leaving.closed;
    await expect.poll(() => server!.live.hub.registry.size).toBe(99);
    clients.push(await TestWsClient.open(server.wsUrl()));
    expect(server.live.metrics.snapshot().refusedByReason.max_connections).toBe(2);
  });

  it('answers 429 beyond MAX_CONNECTIONS_PER_IP', async () => {
    server = await start({ config: { maxConnectionsPerIp: 3 } });
    for (let i = 0; i < 3; i++) clients.push(await TestWsClient.open(server.wsUrl()));
    const refused = await attemptHandshake(server.wsUrl());
    expect(refused?.statusCode).toBe(429);
    expect(JSON.parse(refused!.body).error).toBe('TOO_MANY_CONNECTIONS_FROM_ADDRESS');
    expect(refused?.headers['retry-after']).toBeDefined();
  });

  it('answers 429 beyond HANDSHAKES_PER_IP_PER_MINUTE, even when the connections are gone', async () => {
    server = await start({ config: { handshakesPerIpPerMinute: 4 } });
    for (let i = 0; i < 4; i++) {
      const client = await TestWsClient.open(server.wsUrl());
      client.close();
      await client.closed;
    }
    const refused = await attemptHandshake(server.wsUrl());
    expect(refused?.statusCode).toBe(429);
    expect(JSON.parse(refused!.body).error).toBe('TOO_MANY_HANDSHAKES');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('answers 403 to an Origin outside CORS_ORIGINS (same origin only when unset); no Origin is allowed', async () => {
    server = await start();
    const url = server.wsUrl();
    expect((await attemptHandshake(url, { origin: 'http://evil.example' }))?.statusCode).toBe(403);
    expect(await attemptHandshake(url, { origin: `http://127.0.0.1:${server.port}` })).toBeNull();
    expect(await attemptHandshake(url)).toBeNull();
    await server.close();

    server = await start({ config: { corsOrigins: ['https://dashboard.example.org'] } });
    expect(
      await attemptHandshake(server.wsUrl(), { origin: 'https://dashboard.example.org' }),
    ).toBeNull();
    const refused = await attemptHandshake(server.wsUrl(), {
      origin: `http://127.0.0.1:${server.port}`,
    });
    expect(refused?.statusCode).toBe(403);
    expect(JSON.parse(refused!.body).error).toBe('ORIGIN_NOT_ALLOWED');
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      origin: 'http://evil.example',
    });
    await sse.ended;
    expect(sse.statusCode).toBe(403);
    // An allowed page gets the stream with the CORS header its EventSource needs.
    const allowed = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      origin: 'https://dashboard.example.org',
    });
    clients.push(allowed);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example.org');
  });

  it('answers 404 to an upgrade on any other path', async () => {
    server = await start();
    expect((await attemptHandshake(server.wsUrl('/ws/elsewhere')))?.statusCode).toBe(404);
  });

  it('with AUTH_TOKENS, closes a missing or wrong ?token= with 4001 Unauthorized and accepts the right one', async () => {
    server = await start({ config: { authTokens: ['s3cret', 'other'] } });
    for (const query of [undefined, { token: 'wrong' }]) {
      const client = await TestWsClient.open(server.wsUrl(PATHS.websocket[0], query));
      const closed = await client.closed;
      expect(closed).toMatchObject({ code: CLOSE_CODES.UNAUTHORIZED, reason: UNAUTHORIZED_REASON });
      expect(client.updates()).toHaveLength(0);
    }
    const good = await TestWsClient.open(server.wsUrl(PATHS.websocket[1], { token: 's3cret' }));
    clients.push(good);
    await good.waitForUpdates(1);
    const bearer = await TestWsClient.open(server.wsUrl(), {
      headers: { authorization: 'Bearer other' },
    });
    clients.push(bearer);
    await bearer.waitForUpdates(1);
    expect(server.live.metrics.snapshot().refusedByReason.unauthorized).toBe(2);
    // SSE: 401 without a token, a stream with one.
    const refusedSse = await TestSseClient.open(server.httpUrl(PATHS.sse));
    await refusedSse.ended;
    expect(refusedSse.statusCode).toBe(401);
    const sse = await TestSseClient.open(server.httpUrl(`${PATHS.sse}?token=s3cret`));
    clients.push(sse);
    await sse.waitFor(() => sse.updates().length > 0);
  });
});
