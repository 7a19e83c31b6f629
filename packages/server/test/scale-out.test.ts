/**
 * Scale-out, end to end: three server processes (`node --import tsx src/main.ts`, as operators
 * run them) behind nginx running the deployed `deploy/nginx.conf`, sharing one status through
 * the machine's Redis (via a TCP proxy the test can cut) and electing a leader on the machine's
 * PostgreSQL. 300 WebSocket clients that reconnect like the real client library.
 *
 * The tests run in order on one cluster (starting processes is the slow part on this machine):
 * steady state, change notifications, Redis outage, rolling restart, then the leader killed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import {
  longestMissedRun,
  longestStalenessMs,
  SseReader,
  openClients,
  type ReconnectingClient,
} from './support/scale-out-clients';
import { freePort } from './support/free-port';
import {
  MonitorProcess,
  SCALE_OUT_INGEST_TOKEN,
  StreamObserver,
} from './support/scale-out-cluster';
import { createScratchDatabase, type ScratchDatabase } from './support/scale-out-database';
import { nginxSkipReason, startNginx, type NginxProcess } from './support/scale-out-nginx';
import { FaultProxy } from './support/fault-proxy';
import { postgresTarget } from './support/databases';
import { REDIS_SKIP_REASON } from './support/redis';

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;
// Redis and PostgreSQL print their own reason when missing; nginx's names its install command.
const skipReason = REDIS_SKIP_REASON ?? postgresTarget.skipReason ?? nginxSkipReason();

const INTERVAL_S = 0.3;
const INTERVAL_MS = INTERVAL_S * 1000;
const CLIENTS = 300;
/** Reconnect backoff of the test clients: full jitter below 250 ms, then 500 ms, ... 2 s. */
const BACKOFF = { baseDelayMs: 250, maxDelayMs: 2000 };

/** Polls `check` (with `vi.waitFor`) until it gives a value, not undefined or false. */
function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeout: number,
  interval = 100,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (value === undefined || value === false) throw new Error(`still waiting for ${what}`);
      return value;
    },
    { timeout, interval },
  );
}

describe.skipIf(skipReason)(
  'scale-out: three processes behind nginx, one status through Redis',
  () => {
    const prefix = `naija-monitor-test:${randomBytes(6).toString('hex')}:`;
    let scratch: ScratchDatabase;
    let proxy: FaultProxy;
    let nginx: NginxProcess;
    let observer: StreamObserver;
    let nodes: MonitorProcess[] = [];
    let clients: ReconnectingClient[] = [];

    const running = () => nodes.filter((node) => node.running);
    const metricsOf = (list = running()) => Promise.all(list.map((node) => node.metrics()));
    const leaderOf = async (list = running()) => {
      const all = await metricsOf(list);
      const leaders = list.filter((_, i) => all[i]!.isLeader);
      return leaders.length === 1 ? leaders[0] : undefined;
    };
    /** What the clients and processes look like, for a failure message. */
    const diagnose = async () => {
      const open = clients.filter((c) => c.isOpen).length;
      const codes = new Map<number, number>();
      for (const c of clients)
        for (const o of c.outages) codes.set(o.code, (codes.get(o.code) ?? 0) + 1);
      const waiting = clients.filter((c) => c.outages.at(-1)?.reopenedAt === null).length;
      const lines = [
        `clients open ${open}/${clients.length}, waiting to reopen ${waiting}, close codes ${JSON.stringify([...codes])}`,
      ];
      for (const node of nodes)
        lines.push(`--- ${node.nodeId} (running ${node.running}):\n${node.output(15)}`);
      lines.push(`--- nginx:\n${(await nginx.errorLog()).split('\n').slice(-15).join('\n')}`);
      return lines.join('\n');
    };
    /** One client's view next to the shared stream, for a failure message. */
    const timeline = (client: ReconnectingClient, from: number) => {
      const got = new Set(client.updates.map((u) => u.seq));
      const events = [
        ...observer.messages
          .filter((m) => m.at >= from)
          .map((m) => ({
            at: m.at,
            text: `published ${m.seq} by ${m.nodeId}${got.has(m.seq) ? '' : ' MISSED'}`,
          })),
        ...client.updates
          .filter((u) => u.at >= from)
          .map((u) => ({ at: u.at, text: `  got ${u.seq} (conn ${u.connection})` })),
        ...client.outages
          .filter((o) => o.closedAt >= from)
          .flatMap((o) => [
            { at: o.closedAt, text: `  closed ${o.code}` },
            { at: o.reopenedAt ?? Infinity, text: '  reopened' },
          ]),
      ].sort((a, b) => a.at - b.at);
      return events.map((e) => `${Math.round(e.at - from)} ${e.text}`).join('\n');
    };
    /** Every client connected, and each got an update since `since`. */
    const allFedSince = (since: number) =>
      clients.every((client) => client.isOpen && (client.last?.at ?? -1) >= since);

    beforeAll(async () => {
      scratch = await createScratchDatabase(databaseUrl!, { migrated: true });
      proxy = await FaultProxy.start(redisUrl!);
      observer = await StreamObserver.start(redisUrl!, `${prefix}status`);
      const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
      const env = {
        databaseUrl: scratch.url,
        redisUrl: proxy.url(redisUrl!),
        redisPrefix: prefix,
        broadcastInterval: INTERVAL_S,
        // Every test client comes from 127.0.0.1 (through nginx): lift the per-address limits.
        extra: { MAX_CONNECTIONS_PER_IP: '2000', HANDSHAKES_PER_IP_PER_MINUTE: '100000' },
      };
      nodes = ['scale-a', 'scale-b', 'scale-c'].map(
        (nodeId, i) => new MonitorProcess(nodeId, ports[i]!, env),
      );
      await Promise.all(nodes.map((node) => node.start()));
      nginx = await startNginx(ports[3]!, ports.slice(0, 3));
    }, 120_000);

    afterAll(async () => {
      for (const client of clients) client.close();
      await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
      await nginx?.stop();
      await proxy?.close();
      await observer?.cleanUp(prefix);
      await scratch?.dispose();
    }, 30_000);

    it('spreads 300 clients over the processes; every client gets every update with the same seq; one process computes', async () => {
      clients = await openClients(CLIENTS, { url: nginx.wsUrl(PATHS.websocket[0]), ...BACKOFF });
      await until('every client fed', () => allFedSince(0), 15_000);

      // least_conn spreads them: about 100 each.
      const spread = (await metricsOf()).map((m) => m.connections);
      expect(spread.reduce((a, b) => a + b, 0)).toBe(CLIENTS);
      for (const count of spread) expect(count).toBeGreaterThan(CLIENTS / 6);

      const leader = await until('one leader', () => leaderOf(), 5000);
      // An SSE reader through nginx too: it must get each event as it is sent (no buffering).
      const sse = await SseReader.open(nginx.httpUrl(PATHS.sse));
      await expect.poll(() => sse.events.length, { timeout: 5000 }).toBeGreaterThan(0);
      const before = await metricsOf();
      const from = performance.now();
      // A window of eight publications.
      await expect
        .poll(() => observer.seqs(from).length, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(8);
      const to = performance.now();
      const after = await metricsOf();
      const published = observer.messages.filter((m) => m.at >= from && m.at <= to);
      // Every client (and the SSE reader) gets each of them; wait for the last to arrive.
      const missingAt = (got: { seq: number }[]) => {
        const seen = new Set(got.map((u) => u.seq));
        return published.filter((m) => !seen.has(m.seq)).length;
      };
      await expect
        .poll(() => clients.filter((client) => missingAt(client.updates) > 0).length, {
          timeout: 5000,
        })
        .toBe(0);
      await expect.poll(() => missingAt(sse.events), { timeout: 5000 }).toBe(0);
      // Published once, by the leader, with rising seqs.
      expect(new Set(published.map((m) => m.nodeId))).toEqual(new Set([leader.nodeId]));
      const seqs = published.map((m) => m.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

      for (const client of clients) {
        const got = new Set(client.updates.map((u) => u.seq));
        const missing = seqs.filter((seq) => !got.has(seq));
        expect(missing, 'a client missed updates').toEqual([]);
        expect(client.backwards).toBe(0);
      }
      const sseGot = sse.events.filter((e) => e.at >= from);
      expect(seqs.filter((seq) => !sseGot.some((e) => e.seq === seq))).toEqual([]);
      // One by one, not in bursts held back by the proxy: each event reached the SSE reader
      // before the update after next was even published.
      const sseAt = new Map(sse.events.map((e) => [e.seq, e.at]));
      published.slice(2).forEach((later, i) => {
        expect(sseAt.get(published[i]!.seq)!, `SSE event ${published[i]!.seq}`).toBeLessThan(
          later.at,
        );
      });

      // The status tables are read by one process: the leader computes once per update, the
      // followers never.
      const computed = nodes.map((_, i) => after[i]!.computations - before[i]!.computations);
      const leaderIndex = nodes.indexOf(leader);
      computed.forEach((count, i) => {
        if (i !== leaderIndex) expect(count, `${nodes[i]!.nodeId} computed`).toBe(0);
      });
      expect(computed[leaderIndex]).toBeGreaterThanOrEqual(published.length - 1);
      expect(computed[leaderIndex]).toBeLessThanOrEqual(published.length + 1);

      // Each process fills in its own `monitor`, and lists every process's connections.
      const response = await fetch(nginx.httpUrl(PATHS.status));
      const document = (await response.json()) as {
        system_health: { bus?: string };
        monitor?: { nodes?: { node_id: string; connections: number }[] };
      };
      expect(document.system_health.bus).toBe('redis');
      const listed = document.monitor?.nodes ?? [];
      expect(listed.map((n) => n.node_id)).toEqual(['scale-a', 'scale-b', 'scale-c']);
      expect(listed.reduce((total, n) => total + n.connections, 0)).toBe(CLIENTS + 1); // + SSE
      sse.close();
    }, 60_000);

    it('gets a change written through a follower to the leader (NOTIFY), which pushes it at once', async () => {
      const leader = (await leaderOf())!;
      const follower = running().find((node) => node !== leader)!;
      const followers = running().filter((node) => node !== leader);
      const followerComputations = async () =>
        (await metricsOf(followers)).map((m) => m.computations);
      const followersBefore = await followerComputations();
      const changesBefore = (await leader.metrics()).sum('monitor_status_updates_total', {
        trigger: 'change',
      });
      const response = await fetch(`http://127.0.0.1:${follower.port}/api/v1/ingest/sources`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${SCALE_OUT_INGEST_TOKEN}`,
        },
        body: JSON.stringify({
          sources: [
            {
              id: 'scale-out-wire',
              name: 'Scale-out wire',
              kind: 'rss',
              url: 'https://example.org/feed.xml',
              priority: 1,
              enabled: true,
              expected_interval_seconds: 3600,
            },
          ],
        }),
      });
      expect(response.status).toBeLessThan(300);
      await until(
        'a change-driven update on the leader',
        async () =>
          (await leader.metrics()).sum('monitor_status_updates_total', { trigger: 'change' }) >
          changesBefore,
        5000,
      );
      // The followers relayed it; none of them read the tables.
      expect(await followerComputations()).toEqual(followersBefore);
    }, 30_000);

    it('keeps every client fed through a Redis outage, computing locally, then rejoins the shared stream', async () => {
      const leader = (await leaderOf())!;
      const cutAt = performance.now();
      proxy.cut();
      // Every process notices and computes for its own clients (bus degraded).
      await until(
        'all processes degraded',
        async () => (await metricsOf()).every((m) => !m.busConnected && m.computing),
        5000,
      );
      // Every client is fed while Redis is out: each gets an update computed without it.
      await expect
        .poll(
          () => clients.filter((c) => !c.since(cutAt).some((u) => u.bus === 'degraded')).length,
          { timeout: 10_000, message: 'clients that got nothing while Redis was out' },
        )
        .toBe(0);

      proxy.restore();
      const restoredAt = performance.now();
      await until(
        'every process back on Redis, only the leader computing',
        async () => {
          const all = await metricsOf();
          return all.every((m, i) => m.busConnected && m.computing === (nodes[i] === leader));
        },
        10_000,
      );
      const rejoinedAt = performance.now();
      const before = await metricsOf();
      const from = performance.now();
      // A window of four publications on the shared stream.
      await expect
        .poll(() => observer.seqs(from).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(4);
      const after = await metricsOf();
      const to = performance.now();

      // One shared stream again: one publisher, every client has every seq, followers idle.
      const seqs = observer.seqs(from, to);
      expect(
        new Set(observer.messages.filter((m) => m.at >= from && m.at <= to).map((m) => m.nodeId)),
      ).toEqual(new Set([leader.nodeId]));
      const missing = (client: ReconnectingClient) => {
        const got = new Set(client.updates.map((u) => u.seq));
        return seqs.filter((seq) => !got.has(seq));
      };
      await expect
        .poll(() => clients.filter((client) => missing(client).length > 0).length, {
          timeout: 5000,
        })
        .toBe(0);
      for (const client of clients) expect(client.backwards).toBe(0);
      nodes.forEach((node, i) => {
        if (node !== leader) expect(after[i]!.computations - before[i]!.computations).toBe(0);
      });

      // Throughout: nobody was dropped, and no client waited long for an update.
      const gaps = clients.map((client) => {
        const seen = client
          .since(cutAt - INTERVAL_MS)
          .filter((u) => u.at <= rejoinedAt + INTERVAL_MS * 2);
        return Math.max(...seen.slice(1).map((u, i) => u.at - seen[i]!.at));
      });
      const worstGapMs = Math.max(...gaps);
      console.info(
        `[scale-out] redis outage: rejoined ${Math.round(rejoinedAt - restoredAt)} ms after restore; longest gap between updates at a client ${Math.round(worstGapMs)} ms`,
      );
      expect(
        clients.every(
          (client) =>
            client.outages.length === 0 || client.outages.every((o) => o.closedAt < cutAt),
        ),
      ).toBe(true);
      expect(worstGapMs).toBeLessThan(INTERVAL_MS * 4 + 1500);
    }, 60_000);

    it('survives a rolling restart of all three: every client reconnects, none misses updates for longer than two intervals', async () => {
      const from = performance.now();
      const steps: string[] = [];
      for (const node of nodes) {
        const stopAt = performance.now();
        await node.stop('SIGTERM');
        const startAt = performance.now();
        await node.start();
        steps.push(
          `${node.nodeId} stopped in ${Math.round(startAt - stopAt)} ms, started in ${Math.round(performance.now() - startAt)} ms`,
        );
      }
      const restartedAt = performance.now();
      await until(
        'every client connected and fed again',
        () => allFedSince(restartedAt),
        15_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnose()}`);
      });
      const to = performance.now();
      await until('one leader', () => leaderOf(), 5000);

      const published = observer.messages.filter((m) => m.at >= from && m.at <= to);
      expect(published.length).toBeGreaterThan(10);
      const seqs = published.map((m) => m.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      // The shared stream itself never stopped: leadership was handed over, not lost.
      const streamGapMs = Math.max(...published.slice(1).map((m, i) => m.at - published[i]!.at));

      // How long each client was behind the shared stream: from an update's publication until
      // the client had it or a newer one. Time its handshake sat in a busy server's queue is the
      // machine's, not the monitor's, and is left out (reported apart); its own backoff counts.
      let worstStaleMs = 0;
      let worstRun = 0;
      let worst: ReconnectingClient | undefined;
      for (const client of clients) {
        const staleMs = longestStalenessMs(client, published);
        if (staleMs > worstStaleMs) [worstStaleMs, worst] = [staleMs, client];
        worstRun = Math.max(
          worstRun,
          longestMissedRun(new Set(client.updates.map((u) => u.seq)), published),
        );
        expect(client.backwards).toBe(0);
      }
      const staleLimitMs = INTERVAL_MS * 2 + 250;
      if (worst && worstStaleMs > staleLimitMs)
        console.info(`[scale-out] worst client:\n${timeline(worst, from)}`);
      const outages = clients.flatMap((c) => c.outages.filter((o) => o.closedAt >= from));
      const handshakeMs = outages
        .map((o) => o.reopenedAt! - o.closedAt - o.waitedMs)
        .sort((a, b) => a - b);
      const percentile = (p: number) =>
        Math.round(
          handshakeMs[Math.min(handshakeMs.length - 1, Math.floor(handshakeMs.length * p))]!,
        );
      console.info(
        `[scale-out] rolling restart: ${Math.round((restartedAt - from) / 1000)} s (${steps.join('; ')}); ${published.length} updates, longest stream gap ${Math.round(streamGapMs)} ms; ${outages.length} reconnects, handshake beyond backoff median ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms, max ${percentile(1)} ms; a client was behind the stream for at most ${Math.round(worstStaleMs)} ms besides handshakes (longest run of missed updates ${worstRun})`,
      );
      // No update missed for longer than two intervals (plus delivery on a busy machine).
      expect(worstStaleMs).toBeLessThanOrEqual(staleLimitMs);
      expect(streamGapMs).toBeLessThan(INTERVAL_MS * 2 + 1500);
    }, 120_000);

    it('elects a new leader within 5 s of the leader being killed; its clients reconnect through nginx within their backoff', async () => {
      const leader = (await leaderOf())!;
      const lastSeq = observer.messages.at(-1)?.seq ?? 0;
      const before = clients.filter((c) => c.isOpen).length;
      expect(before).toBe(CLIENTS);
      const killedAt = performance.now();
      await leader.stop('SIGKILL');
      const next = await until('a new leader', () => leaderOf(), 5000, 50);
      const electedMs = performance.now() - killedAt;
      expect(next).not.toBe(leader);

      // Updates continue from the new leader, seq rising.
      await until(
        'updates from the new leader',
        () => observer.messages.some((m) => m.at > killedAt && m.nodeId === next.nodeId),
        5000,
      );
      const after = observer.messages.filter((m) => m.at > killedAt);
      expect(after.every((m) => m.seq > lastSeq)).toBe(true);

      const fedAt = performance.now();
      await until('every client connected and fed again', () => allFedSince(fedAt), 10_000);
      // What every client accepts keeps rising past what it had before the kill.
      expect(clients.every((c) => c.last!.seq > lastSeq)).toBe(true);
      const dropped = clients.filter((c) => c.outages.some((o) => o.closedAt >= killedAt));
      expect(dropped.length).toBeGreaterThan(0);
      const reconnectMs = dropped.map((c) => {
        const outage = c.outages.find((o) => o.closedAt >= killedAt)!;
        return outage.reopenedAt! - outage.closedAt;
      });
      const worstReconnectMs = Math.max(...reconnectMs);
      console.info(
        `[scale-out] leader killed: new leader after ${Math.round(electedMs)} ms; ${dropped.length} clients reconnected, slowest in ${Math.round(worstReconnectMs)} ms; ${clients.reduce((n, c) => n + c.dropped, 0)} updates dropped as not newer`,
      );
      // Within their backoff: the first try (below 250 ms) or the next ones, plus slack for a busy machine.
      expect(worstReconnectMs).toBeLessThan(
        BACKOFF.baseDelayMs * 2 + BACKOFF.baseDelayMs * 4 + 2000,
      );
      expect(clients.every((c) => c.backwards === 0)).toBe(true);
    }, 60_000);
  },
);
