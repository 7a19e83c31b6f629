import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { CLOSE_CODES } from '@naija-monitor/protocol';
import type { Database } from '../src/db/connection';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { startLiveServer, type LiveServer, type LiveServerOptions } from './support/live-server';
import { TestWsClient, sleep } from './support/live-clients';

describe('heartbeats, rotation and slow clients', () => {
  let server: LiveServer | undefined;
  const clients: TestWsClient[] = [];
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
  });
  afterAll(async () => database?.close());
  const start = (options: LiveServerOptions) => startLiveServer({ database, ...options });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await server?.close();
    server = undefined;
  });

  it('pings every PING_INTERVAL; a peer that stops answering is gone after CONNECTION_TIMEOUT, others stay', async () => {
    const timeoutMs = 1000;
    server = await start({
      config: { pingIntervalMs: 200, connectionTimeoutMs: timeoutMs, broadcastIntervalMs: 500 },
    });
    const silent = await TestWsClient.open(server.wsUrl(), { autoPong: false });
    // The server's clock for this peer starts when it accepted it (same process, same clock);
    // the client may see `open` much later when a computation holds the event loop.
    const openedAt = server.live.hub.registry.snapshot()[0]!.openedAt;
    const alive = await TestWsClient.open(server.wsUrl());
    clients.push(silent, alive);
    let pings = 0;
    alive.ws.on('ping', () => (pings += 1));
    const closed = await silent.closed;
    const goneAfterMs = closed.at - openedAt;
    expect(goneAfterMs).toBeGreaterThanOrEqual(timeoutMs - 100);
    expect(goneAfterMs).toBeLessThan(timeoutMs + 1500);
    // Terminated, not closed politely: a dead peer would never answer a close frame.
    expect(closed.code).toBe(1006);
    await expect.poll(() => server!.live.metrics.snapshot().closedByReason.timeout).toBe(1);
    // Silence on the wire is not silence of the peer: a client that answers pings stays.
    await sleep(timeoutMs);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    expect(pings).toBeGreaterThanOrEqual(Math.floor(timeoutMs / 200) - 2);
    expect(server.live.hub.registry.size).toBe(1);
  });

  it('rotates a connection at CONNECTION_MAX_AGE (minus jitter) with close code 1000', async () => {
    server = await start({ config: { connectionMaxAgeMs: 1000, pingIntervalMs: 200 } });
    const client = await TestWsClient.open(server.wsUrl());
    clients.push(client);
    const openedAt = server.live.hub.registry.snapshot()[0]!.openedAt;
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_CODES.NORMAL);
    expect(closed.at - openedAt).toBeGreaterThanOrEqual(850);
    expect(closed.at - openedAt).toBeLessThan(3000);
    await expect.poll(() => server!.live.metrics.snapshot().closedByReason.max_age).toBe(1);
  });

  it('a client that never reads does not delay the others, is skipped, then closed', async () => {
    const intervalMs = 200;
    server = await start({
      config: { broadcastIntervalMs: intervalMs },
      // Refreshes build the backlog here, far beyond the message rate a client is allowed.
      live: {
        slowClient: { maxBufferedBytes: 64 * 1024, maxStuckMs: 1000 },
        messageRate: { burst: 1_000_000, perSecond: 1_000_000 },
      },
    });
    const healthy = await TestWsClient.open(server.wsUrl());
    const stuck = await TestWsClient.open(server.wsUrl());
    clients.push(healthy, stuck);
    await Promise.all([healthy.waitForUpdates(1), stuck.waitForUpdates(1)]);
    // Stop reading, and make the server write far more than any socket buffer holds: every
    // refresh is answered with a whole status document.
    (stuck.ws as unknown as { _socket: Socket })._socket.pause();
    const floodFrom = healthy.updates().length;
    const deadline = performance.now() + 15_000;
    const stuckClosed = () => server!.live.metrics.snapshot().closedByReason.slow === 1;
    while (!stuckClosed() && performance.now() < deadline) {
      for (let i = 0; i < 200; i++) stuck.ws.send('{"type":"refresh"}');
      await sleep(20);
    }
    expect(stuckClosed()).toBe(true);
    expect(server.live.metrics.snapshot().slowClientSkips).toBeGreaterThan(0);
    expect(server.live.hub.registry.size).toBe(1);
    // The healthy client kept getting its periodic updates all along.
    await healthy.waitForUpdates(healthy.updates().length + 2);
    const during = healthy.updates().slice(floodFrom);
    expect(during.length).toBeGreaterThanOrEqual(3);
    const gaps = during.slice(1).map((u, i) => u.at - during[i]!.at);
    for (const gap of gaps) expect(gap).toBeLessThan(intervalMs + 400);
  });
});
