import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PATHS, StatusDocumentSchema } from '@naija-monitor/protocol';
import { Value } from '@sinclair/typebox/value';
import { startLiveServer, type LiveServer } from './support/live-server';
import { TestWsClient } from './support/live-clients';
import { describeOnDatabases } from './support/databases';

// Real sockets, the real status engine on a real database, BROADCAST_INTERVAL 0.2 s. Timing
// bounds are generous: the machine is shared and loaded.
const INTERVAL_MS = 200;

describe('WebSocket live updates', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({ config: { broadcastIntervalMs: INTERVAL_MS } });
  });
  afterAll(async () => server?.close());

  it.each(PATHS.websocket)(
    '%s: first update within 1 s of open, then one per interval, envelope as the contract says',
    async (path) => {
      const computedBefore = server.computations();
      const openedAt = performance.now();
      const client = await TestWsClient.open(server.wsUrl(path));
      const updates = await client.waitForUpdates(8, 10_000);
      const computed = server.computations() - computedBefore;
      expect(updates[0]!.at - openedAt).toBeLessThan(1000);
      for (const received of client.received.slice(0, 8)) {
        const envelope = JSON.parse(received.raw) as Record<string, unknown>;
        expect(Object.keys(envelope).sort()).toEqual(['data', 'seq', 'timestamp', 'type']);
        expect(envelope.type).toBe('pipeline_status_update');
        expect(new Date(envelope.timestamp as string).toISOString()).toBe(envelope.timestamp);
        expect(Value.Check(StatusDocumentSchema, envelope.data)).toBe(true);
      }
      const seqs = updates.map((u) => u.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      // One update per computation: the server computed (at least) once for each update after
      // the first. The interval's cadence itself is tested under fake timers
      // (src/publish/status-scheduler.test.ts), where a loaded machine cannot bend it.
      expect(computed).toBeGreaterThanOrEqual(updates.length - 1);
      expect(updates.at(-1)!.data.monitor?.connections.websocket).toBeGreaterThanOrEqual(1);
      client.close();
      await client.closed;
    },
  );

  it('computes each update once for 50 clients, not once per client', async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, () => TestWsClient.open(server.wsUrl())),
    );
    await Promise.all(clients.map((c) => c.waitForUpdates(1, 5000)));
    const lastSeq = (c: TestWsClient) => c.updates().at(-1)!.seq;
    const before = server.computations();
    const fromSeq = Math.max(...clients.map(lastSeq));
    // Until every client has eight newer updates.
    await expect
      .poll(() => Math.min(...clients.map(lastSeq)), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(fromSeq + 8);
    const computed = server.computations() - before;
    // Every client got the same updates, and each was computed once for all 50 of them.
    const seqs = (c: TestWsClient) =>
      c
        .updates()
        .map((u) => u.seq)
        .filter((seq) => seq > fromSeq && seq <= fromSeq + 8);
    const shared = seqs(clients[0]!);
    expect(shared.length).toBeGreaterThanOrEqual(8);
    for (const c of clients) expect(seqs(c)).toEqual(shared);
    expect(computed).toBeGreaterThanOrEqual(shared.length - 1);
    expect(computed).toBeLessThan(2 * (Math.max(...clients.map(lastSeq)) - fromSeq) + 3);
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed));
  });

  it('never negotiates permessage-deflate, even with a client that offers it', async () => {
    // Per-client compression costs 12-17× the CPU of the write and ~220 KB per connection.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(server.wsUrl().replace('ws:', 'http:'), {
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Extensions':
            'permessage-deflate; client_no_context_takeover; server_no_context_takeover',
        },
      });
      request.once('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res);
      });
      request.once('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      request.once('error', reject);
      request.end();
    });
    expect(response.statusCode).toBe(101);
    expect(response.headers['sec-websocket-extensions']).toBeUndefined();
    // A ws client with compression on (its default) ends up without it, and gets plain frames.
    const client = await TestWsClient.open(server.wsUrl(), { perMessageDeflate: true });
    expect(client.ws.extensions).toBe('');
    const [update] = await client.waitForUpdates(1, 5000);
    expect(Value.Check(StatusDocumentSchema, update!.data)).toBe(true);
    client.close();
    await client.closed;
  });

  it('answers ping and keep-alive text with pong, refresh with the current status at once, garbage with an error', async () => {
    const client = await TestWsClient.open(server.wsUrl());
    await client.waitForUpdates(1);
    let mark = client.received.length;
    client.ws.send(JSON.stringify({ type: 'ping' }));
    expect((await client.waitForType('pong', mark)).message).toMatchObject({ type: 'pong' });
    mark = client.received.length;
    client.ws.send('keepalive');
    await client.waitForType('pong', mark);
    mark = client.received.length;
    const askedAt = performance.now();
    client.ws.send(JSON.stringify({ type: 'refresh' }));
    const refreshed = await client.waitForType('pipeline_status_update', mark, 2000);
    expect(refreshed.at - askedAt).toBeLessThan(INTERVAL_MS);
    mark = client.received.length;
    client.ws.send(JSON.stringify({ type: 'subscribe', channel: 'x' }));
    const error = await client.waitForType('error', mark);
    expect(error.message).toMatchObject({
      type: 'error',
      code: 'INVALID_MESSAGE',
      message: 'unknown message type "subscribe"',
    });
    // Listening went on while sending: updates kept coming.
    const count = client.updates().length;
    await client.waitForUpdates(count + 2);
    client.close();
    await client.closed;
  });

  it('closes with 1008 a client that keeps sending invalid messages', async () => {
    const client = await TestWsClient.open(server.wsUrl());
    for (let i = 0; i < 5; i++) client.ws.send('not json');
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_CODES.POLICY_VIOLATION);
    expect(
      client.received.filter((r) => r.message?.type === 'error').length,
    ).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => server.live.metrics.snapshot().closedByReason.policy)
      .toBeGreaterThanOrEqual(1);
  });

  it('closes with 1009 a frame over MAX_MESSAGE_BYTES', async () => {
    const client = await TestWsClient.open(server.wsUrl());
    client.ws.send('x'.repeat(server.config.maxMessageBytes + 1));
    expect((await client.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    await expect
      .poll(() => server.live.metrics.snapshot().closedByReason.too_big)
      .toBeGreaterThanOrEqual(1);
  });
});

describeOnDatabases('change-driven updates on $name', (target) => {
  let server: LiveServer;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    // A long interval: an update that arrives soon can only come from the change.
    server = await startLiveServer({
      database: opened.database,
      config: { broadcastIntervalMs: 60_000 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('a database write reaches connected clients without waiting for the interval', async () => {
    const clients = await Promise.all([
      TestWsClient.open(server.wsUrl()),
      TestWsClient.open(server.wsUrl(PATHS.websocket[1])),
    ]);
    const [first] = await Promise.all(clients.map((c) => c.waitForUpdates(1, 5000)));
    expect(first![0]!.data.scraping_health.total_sources).toBe(0);
    const writtenAt = performance.now();
    await server.database.db
      .insertInto('sources')
      .values({ id: 'punch', name: 'Punch', url: 'https://punchng.com/feed/' })
      .execute();
    for (const client of clients) {
      const update = await client.waitFor(
        () => client.updates().find((u) => u.data.scraping_health.total_sources === 1),
        5000,
        'the update showing the new source',
      );
      expect(update.at - writtenAt).toBeLessThan(2000);
      expect(update.seq).toBeGreaterThan(first![0]!.seq);
    }
    for (const c of clients) c.close();
  });
});
