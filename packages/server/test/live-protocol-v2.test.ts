import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DeltaDocument,
  parseServerMessage,
  parseServerMessageV2,
  PATHS,
  STATUS_PATCH_TYPE,
  STATUS_UPDATE_TYPE,
  WS_SUBPROTOCOL_V2,
  type MonitorHealth,
  type ServerMessageV2,
  type StatusDocument,
} from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import { LiveMetrics } from '../src/metrics/live-metrics';
import { Hub } from '../src/live/hub';
import { LiveClient, type CloseCause } from '../src/live/live-client';
import { prepareUpdate, type Frames } from '../src/live/prepared-update';
import { DEFAULT_SLOW_CLIENT_POLICY } from '../src/live/slow-client-policy';
import { startLiveServer, type LiveServer } from './support/live-server';
import { Arrivals, TestSseClient } from './support/live-clients';

/** A raw `ws` client that offers `protocols` and records every message as v2 would read it. */
class V2Client {
  readonly messages: ServerMessageV2[] = [];
  readonly raw: string[] = [];
  readonly opened: Promise<void>;
  readonly #arrivals = new Arrivals();
  constructor(
    url: string,
    protocols: string[],
    readonly ws = new WebSocket(url, protocols, { perMessageDeflate: false }),
  ) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const parsed = parseServerMessageV2(text);
      if (parsed.ok) this.messages.push(parsed.value);
      this.#arrivals.wake();
    });
    ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }
  waitFor(count: number, timeoutMs = 10_000): Promise<ServerMessageV2[]> {
    return this.#arrivals.until(
      () => this.messages.length >= count && this.messages,
      timeoutMs,
      `${count} messages`,
    );
  }
  close(): void {
    this.ws.close();
  }
}

describe('live protocol v2 over WebSocket and SSE', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({ config: { broadcastIntervalMs: 200 } });
  });
  afterAll(async () => server?.close());

  it('selects naija-monitor.v2 when offered, and no subprotocol (v1) otherwise', async () => {
    const v2 = new V2Client(server.wsUrl(), [WS_SUBPROTOCOL_V2, 'other']);
    const v1 = new V2Client(server.wsUrl(), []);
    await Promise.all([v2.opened, v1.opened]);
    expect(v2.ws.protocol).toBe(WS_SUBPROTOCOL_V2);
    expect(v1.ws.protocol).toBe('');
    const v1Messages = await v1.waitFor(4);
    // v1 is unchanged: the full envelope every time, exactly the seed contract's keys.
    for (const raw of v1.raw.slice(0, 4)) {
      expect(Object.keys(JSON.parse(raw) as object).sort()).toEqual([
        'data',
        'seq',
        'timestamp',
        'type',
      ]);
      expect(parseServerMessage(raw).ok).toBe(true);
    }
    expect(v1Messages.every((m) => m.type === STATUS_UPDATE_TYPE)).toBe(true);
    v1.close();
    v2.close();
  });

  it('sends the full document first, then patches that rebuild what v1 clients get', async () => {
    const v1 = new V2Client(server.wsUrl(), []);
    const v2 = new V2Client(server.wsUrl(), [WS_SUBPROTOCOL_V2]);
    await Promise.all([v1.opened, v2.opened]);
    const messages = await v2.waitFor(6);
    expect(messages[0]!.type).toBe(STATUS_UPDATE_TYPE);
    const patches = messages.slice(1).filter((m) => m.type === STATUS_PATCH_TYPE);
    expect(patches.length).toBeGreaterThanOrEqual(4);
    const delta = new DeltaDocument();
    const rebuilt = new Map<number, StatusDocument>();
    for (const message of messages) {
      const result =
        message.type === STATUS_UPDATE_TYPE
          ? delta.full(message)
          : message.type === STATUS_PATCH_TYPE
            ? delta.patch(message)
            : undefined;
      expect(result?.kind).toBe('document');
      if (result?.kind === 'document') rebuilt.set(result.seq, result.document);
    }
    // A patch is much smaller than the document it replaces.
    const fullBytes = v2.raw[0]!.length;
    for (const raw of v2.raw.slice(1)) expect(raw.length).toBeLessThan(fullBytes / 3);
    // The same seq reached the v1 client as a full document: equal, member for member.
    await v1.waitFor(6);
    let compared = 0;
    for (const message of v1.messages) {
      if (message.type !== STATUS_UPDATE_TYPE || !rebuilt.has(message.seq)) continue;
      expect(rebuilt.get(message.seq)).toEqual(message.data);
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    v1.close();
    v2.close();
  });

  it('answers a resync with the full document', async () => {
    const v2 = new V2Client(server.wsUrl(), [WS_SUBPROTOCOL_V2]);
    await v2.opened;
    await v2.waitFor(3);
    const before = v2.messages.length;
    v2.ws.send(JSON.stringify({ type: 'resync' }));
    // A patch broadcast before the request was read may come first; the full document follows
    // at once, long before the 20 messages that would be 4 s of the 200 ms interval.
    for (let count = before + 1; count < before + 20; count += 1) {
      await v2.waitFor(count);
      if (v2.messages[count - 1]!.type === STATUS_UPDATE_TYPE) break;
    }
    expect(v2.messages.slice(before, before + 3).map((m) => m.type)).toContain(STATUS_UPDATE_TYPE);
    v2.close();
  });

  it('resumes after a seq it holds (?lastEventId=): the updates it missed, in order', async () => {
    const seqOf = (m: ServerMessageV2 | undefined) => (m && 'seq' in m ? m.seq : -1);
    const watcher = new V2Client(server.wsUrl(), [WS_SUBPROTOCOL_V2]);
    await watcher.opened;
    const seen = await watcher.waitFor(5);
    const held = seqOf(seen[1]);
    const resumed = new V2Client(server.wsUrl(undefined, { lastEventId: String(held) }), [
      WS_SUBPROTOCOL_V2,
    ]);
    const stale = new V2Client(server.wsUrl(undefined, { lastEventId: '1' }), [WS_SUBPROTOCOL_V2]);
    await Promise.all([resumed.opened, stale.opened]);
    const [first, ...rest] = await resumed.waitFor(4);
    // The one after the held seq comes first, as a full document (a new connection has none).
    expect(first!.type).toBe(STATUS_UPDATE_TYPE);
    expect(seqOf(first)).toBe(held + 1);
    const seqs = [first!, ...rest].map(seqOf);
    expect(seqs).toEqual(seqs.map((_, i) => held + 1 + i));
    // The replayed documents are the ones the watcher got for those seqs.
    const delta = new DeltaDocument();
    const watched = new DeltaDocument();
    const documents = new Map<number, StatusDocument>();
    for (const m of await watcher.waitFor(seqs.at(-1)! - seqOf(seen[0]) + 1)) {
      const result =
        m.type === STATUS_UPDATE_TYPE
          ? watched.full(m)
          : m.type === STATUS_PATCH_TYPE
            ? watched.patch(m)
            : undefined;
      if (result?.kind === 'document') documents.set(result.seq, result.document);
    }
    const result = first!.type === STATUS_UPDATE_TYPE ? delta.full(first!) : undefined;
    expect(result?.kind === 'document' && result.document).toEqual(documents.get(held + 1));
    // A seq the server no longer holds: the newest document only.
    const [newest] = await stale.waitFor(1);
    expect(seqOf(newest)).toBeGreaterThan(held + 1);
    for (const client of [watcher, resumed, stale]) client.close();
  });

  it('SSE with ?v=2: full document first, then patches; without it, v1 envelopes', async () => {
    const v2 = await TestSseClient.open(`${server.httpUrl(PATHS.sse)}?v=2`);
    const v1 = await TestSseClient.open(server.httpUrl(PATHS.sse));
    expect(v2.statusCode).toBe(200);
    await v2.waitFor(() => v2.events.length >= 4, 10_000, '4 events');
    await v1.waitFor(() => v1.events.length >= 2, 10_000, '2 events');
    const types = v2.events.map((e) => (JSON.parse(e.data) as { type: string }).type);
    expect(types[0]).toBe(STATUS_UPDATE_TYPE);
    expect(types.slice(1, 4)).toEqual([STATUS_PATCH_TYPE, STATUS_PATCH_TYPE, STATUS_PATCH_TYPE]);
    expect(v1.events.every((e) => parseServerMessage(e.data).ok)).toBe(true);
    const bad = await TestSseClient.open(`${server.httpUrl(PATHS.sse)}?v=9`);
    expect(bad.statusCode).toBe(400);
    for (const client of [v1, v2, bad]) client.close();
  });
});

/** A v2 client double with a backlog the test sets; records what kind of message it got. */
class BackloggedClient extends LiveClient {
  readonly transport = 'websocket' as const;
  readonly received: string[] = [];
  backlog = 0;
  constructor() {
    super({ id: 1, ip: '127.0.0.1', openedAt: 0, rotateAt: Number.MAX_SAFE_INTEGER });
    this.protocol = 2;
  }
  isOpen(): boolean {
    return true;
  }
  bufferedBytes(): number {
    return this.backlog;
  }
  write(frames: Frames): number {
    this.received.push((JSON.parse(frames.envelope.toString()) as { type: string }).type);
    return frames.envelope.length;
  }
  heartbeat(): void {}
  close(): void {}
  terminate(_cause: CloseCause): void {}
}

describe('Hub with v2 clients', () => {
  const monitor: MonitorHealth = {
    connections: { websocket: 1, sse: 0, total: 1, max: 10 },
    broadcast_ms: null,
    status_compute_ms: null,
    event_loop_lag_ms: null,
    messages_sent: 0,
  };
  const prepared = (seq: number) =>
    prepareUpdate(
      {
        seq,
        document: sampleStatusDocument({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)) }),
        computedAt: 0,
        computedAtMono: 0,
        trigger: 'interval',
        computeMs: 1,
      },
      monitor,
      new Date(0),
      () => 0,
    );

  it('sends a client that was skipped as slow the full document, not a patch', async () => {
    const metrics = new LiveMetrics({ connections: () => 1 }, { defaultMetrics: false });
    const hub = new Hub({
      slowClient: DEFAULT_SLOW_CLIENT_POLICY,
      heartbeat: { pingIntervalMs: 25_000, timeoutMs: 60_000, sweepMs: 5_000 },
      now: () => 0,
      log: pino({ level: 'silent' }),
      metrics,
    });
    const client = new BackloggedClient();
    hub.add(client);
    await hub.broadcast(prepared(1));
    await hub.broadcast(prepared(2));
    expect(client.received).toEqual([STATUS_UPDATE_TYPE, STATUS_PATCH_TYPE]);
    client.backlog = DEFAULT_SLOW_CLIENT_POLICY.maxBufferedBytes + 1;
    await hub.broadcast(prepared(3));
    client.backlog = 0;
    await hub.broadcast(prepared(4));
    await hub.broadcast(prepared(5));
    expect(client.received).toEqual([
      STATUS_UPDATE_TYPE,
      STATUS_PATCH_TYPE,
      STATUS_UPDATE_TYPE,
      STATUS_PATCH_TYPE,
    ]);
    metrics.stop();
  });
});
