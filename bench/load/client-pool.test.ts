import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { STATUS_PATCH_TYPE, WS_SUBPROTOCOL_V2 } from '@naija-monitor/protocol';
import { syntheticDocument } from '../document';
import type { BenchServer } from '../servers/bench-server';
import { startFloor } from '../servers/floor';
import { startSocketIo } from '../servers/socket-io';
import { ClientPool } from './client-pool';

const documentJson = JSON.stringify(syntheticDocument());
const stamp = (seq: number) => ({ seq, timestamp: new Date().toISOString() });

describe('ClientPool against the bench servers', () => {
  let server: BenchServer | undefined;
  let pool: ClientPool | undefined;

  afterEach(async () => {
    await pool?.closeAll();
    await server?.close();
  });

  it('logs every update, and counts missed and duplicated seqs per client', async () => {
    server = await startFloor({ documentJson, settings: {} });
    pool = new ClientPool();
    const url = `ws://127.0.0.1:${server.port}/ws`;
    const opened = await pool.connect({
      url,
      count: 20,
      dialect: 'ws',
      concurrency: 5,
      handshakeTimeoutMs: 5000,
    });
    expect(opened).toMatchObject({ opened: 20, failed: 0 });
    expect(await pool.awaitSeq({ seq: 0, timeoutMs: 5000 })).toEqual({ behind: 0, open: 20 });

    void server.broadcast(stamp(1));
    expect((await pool.awaitSeq({ seq: 1, timeoutMs: 5000 })).behind).toBe(0);
    void server.broadcast(stamp(3)); // 2 never sent: one missed per client
    await pool.awaitSeq({ seq: 3, timeoutMs: 5000 });
    void server.broadcast(stamp(3)); // sent twice: one duplicate per client
    void server.broadcast(stamp(4));
    await pool.awaitSeq({ seq: 4, timeoutMs: 5000 });

    const log = pool.collect();
    expect(log.seq.length).toBe(20 * 5);
    expect(log).toMatchObject({
      missed: 20,
      duplicated: 20,
      errors: 0,
      closedUnexpectedly: 0,
      open: 20,
    });
    for (const [i, receivedAt] of log.receivedAtMs.entries()) {
      expect(receivedAt).toBeGreaterThanOrEqual(log.stampedAtMs[i] as number);
    }
    expect(pool.collect().seq.length).toBe(0);
  });

  it('times out a wait and reports who is behind', async () => {
    server = await startFloor({ documentJson, settings: {} });
    pool = new ClientPool();
    await pool.connect({
      url: `ws://127.0.0.1:${server.port}/ws`,
      count: 3,
      dialect: 'ws',
      concurrency: 3,
      handshakeTimeoutMs: 5000,
    });
    expect(await pool.awaitSeq({ seq: 9, timeoutMs: 50 })).toEqual({ behind: 3, open: 3 });
  });

  it('speaks enough Socket.IO to receive io.emit', async () => {
    server = await startSocketIo({ documentJson, settings: {} });
    pool = new ClientPool();
    const url = `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`;
    expect(
      await pool.connect({
        url,
        count: 5,
        dialect: 'socketio',
        concurrency: 5,
        handshakeTimeoutMs: 5000,
      }),
    ).toMatchObject({ opened: 5 });
    await pool.awaitSeq({ seq: 0, timeoutMs: 5000 });
    void server.broadcast(stamp(1));
    expect((await pool.awaitSeq({ seq: 1, timeoutMs: 5000 })).behind).toBe(0);
    expect(pool.collect()).toMatchObject({ missed: 0, duplicated: 0, other: 0, errors: 0 });
  });

  it('counts refused handshakes as failed connects', async () => {
    server = await startSocketIo({ documentJson, settings: {} });
    pool = new ClientPool();
    const result = await pool.connect({
      url: `ws://127.0.0.1:${server.port}/nowhere`,
      count: 2,
      dialect: 'ws',
      concurrency: 2,
      handshakeTimeoutMs: 5000,
    });
    expect(result).toMatchObject({ opened: 0, failed: 2 });
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('ClientPool speaking protocol v2', () => {
  it('counts a patch whose base is not the seq held as missed (a divergence)', async () => {
    const wss = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      handleProtocols: (offered) => (offered.has(WS_SUBPROTOCOL_V2) ? WS_SUBPROTOCOL_V2 : false),
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const protocols: string[] = [];
    const patch = (seq: number, base: number) =>
      `{"type":"${STATUS_PATCH_TYPE}","seq":${seq},"base":${base},"patch":{}}`;
    wss.on('connection', (socket) => {
      protocols.push(socket.protocol);
      socket.send(
        `{"type":"pipeline_status_update","timestamp":"${new Date().toISOString()}","seq":1,"data":{}}`,
      );
      socket.send(patch(2, 1)); // follows
      socket.send(patch(3, 1)); // base 1 while holding 2: a divergence
    });
    const pool = new ClientPool();
    try {
      const { port } = wss.address() as { port: number };
      await pool.connect({
        url: `ws://127.0.0.1:${port}/`,
        count: 3,
        dialect: 'ws-v2',
        concurrency: 3,
        handshakeTimeoutMs: 5000,
      });
      expect((await pool.awaitSeq({ seq: 3, timeoutMs: 5000 })).behind).toBe(0);
      expect(protocols).toEqual([WS_SUBPROTOCOL_V2, WS_SUBPROTOCOL_V2, WS_SUBPROTOCOL_V2]);
      expect(pool.collect()).toMatchObject({ missed: 3, duplicated: 0, other: 0 });
    } finally {
      await pool.closeAll();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
