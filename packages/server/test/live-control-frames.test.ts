import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLOSE_CODES } from '@naija-monitor/protocol';
import { openDatabase, type Database } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { DEFAULT_SLOW_CLIENT_POLICY } from '../src/live/slow-client-policy';
import { TestWsClient } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

/** The TCP socket under a `ws` client (not in @types/ws). */
function rawSocket(client: TestWsClient): Socket {
  return (client.ws as unknown as { _socket: Socket })._socket;
}

// Review M1: control frames skipped MESSAGE_RATE, and ws answered every ping with a pong queued
// without bound: a client flooding pings and not reading grew the server's memory by the size of
// its flood.
describe('WebSocket control frames', () => {
  let server: LiveServer | undefined;
  const clients: TestWsClient[] = [];
  // One database for the file: opening PGlite is the slow part on a loaded machine.
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
  });
  afterAll(async () => database?.close());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await server?.close();
    server = undefined;
  });

  it('counts pings toward the message rate: a ping flood is closed with 1008 "Too many messages"', async () => {
    server = await startLiveServer({ database });
    const client = await TestWsClient.open(server.wsUrl());
    clients.push(client);
    for (let i = 0; i < 200; i++) client.ws.ping();
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_CODES.POLICY_VIOLATION);
    expect(closed.reason).toBe('Too many messages');
  });

  it('still answers pings within the rate with a pong carrying the same payload', async () => {
    server = await startLiveServer({ database });
    const client = await TestWsClient.open(server.wsUrl());
    clients.push(client);
    const pong = new Promise<Buffer>((resolve) => client.ws.once('pong', resolve));
    client.ws.ping(Buffer.from('are you there'));
    expect((await pong).toString()).toBe('are you there');
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('bounds the pongs queued for a client that floods pings and does not read', async () => {
    // A rate high enough not to close the flood: what is tested is the write path's bound.
    server = await startLiveServer({
      database,
      live: { messageRate: { burst: 1e9, perSecond: 1e9 } },
      config: { broadcastIntervalMs: 60_000 },
    });
    let serverSocket: Socket | undefined;
    server.app.server.once('upgrade', (_request, socket: Socket) => {
      serverSocket = socket;
    });
    const client = await TestWsClient.open(server.wsUrl());
    clients.push(client);
    await vi.waitFor(() => expect(server!.live.hub.registry.size).toBe(1));
    rawSocket(client).pause();
    const payload = Buffer.alloc(125, 0x61);
    const pings = 150_000; // ~19 MB of pings: more than the kernel's socket buffers take
    const start = serverSocket!.bytesRead;
    let largestBacklog = 0;
    const sampler = setInterval(() => {
      largestBacklog = Math.max(largestBacklog, serverSocket!.writableLength);
    }, 5);
    try {
      for (let sent = 0; sent < pings; sent += 5000) {
        for (let i = 0; i < 5000; i++) client.ws.ping(payload);
        // Let the client's socket drain into the kernel between batches.
        await vi.waitFor(() => expect(client.ws.bufferedAmount).toBeLessThan(1_000_000), {
          timeout: 30_000,
        });
      }
      // Every ping frame (2 + 4 mask + 125 bytes) has reached the server and been handled.
      await vi.waitFor(
        () => expect(serverSocket!.bytesRead - start).toBeGreaterThanOrEqual(pings * 131),
        { timeout: 60_000, interval: 20 },
      );
    } finally {
      clearInterval(sampler);
    }
    largestBacklog = Math.max(largestBacklog, serverSocket!.writableLength);
    // One pong past the threshold at most; unbounded, this was megabytes.
    expect(largestBacklog).toBeLessThanOrEqual(DEFAULT_SLOW_CLIENT_POLICY.maxBufferedBytes + 200);
  }, 120_000);
});
