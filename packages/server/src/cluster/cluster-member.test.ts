import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, expect, it, vi } from 'vitest';
import type { StatusDocument } from '@naija-monitor/protocol';
import { FaultProxy } from '../../test/support/fault-proxy';
import { RedisBus } from '../bus/redis-bus';
import { StatusScheduler, type ComputedStatus } from '../publish/status-scheduler';
import { ClusterMember, withBusState } from './cluster-member';
import type { LeaderElection } from './leader-election';
import { describeOnRedis } from '../../test/support/redis';

const INTERVAL_MS = 100;
const SILENCE_MS = 600;
const log = pino({ level: 'silent' });

/** An election the test decides. */
class HandElection implements LeaderElection {
  isLeader = false;
  readonly #listeners = new Set<(isLeader: boolean) => void>();
  set(isLeader: boolean): void {
    if (this.isLeader === isLeader) return;
    this.isLeader = isLeader;
    for (const listener of this.#listeners) listener(isLeader);
  }
  onChange(listener: (isLeader: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  start = () => Promise.resolve();
  resign = () => Promise.resolve(this.set(false));
  stop = () => Promise.resolve(this.set(false));
}

/**
 * One process reduced to its cluster parts: a RedisBus, a real StatusScheduler (computing a stub
 * document) and a ClusterMember, wired as the live transport wires them.
 */
async function startNode(
  name: string,
  url: string,
  prefix: string,
  initialSeq: number,
  silenceMs = SILENCE_MS,
) {
  const election = new HandElection();
  const bus = new RedisBus({ url, prefix, minReconnectDelayMs: 50, maxReconnectDelayMs: 200 });
  await bus.ready(5000);
  let computations = 0;
  let connections = 1;
  const member: ClusterMember = new ClusterMember({
    nodeId: name,
    bus,
    election,
    intervalMs: INTERVAL_MS,
    heartbeatMs: 100,
    silenceMs,
    ownsBus: true,
  });
  const scheduler = new StatusScheduler({
    compute: async () => {
      computations += 1;
      const document = { system_health: { node_id: name } } as unknown as StatusDocument;
      return withBusState(document, member.busState());
    },
    intervalMs: INTERVAL_MS,
    initialSeq,
    hasDemand: () => connections > 0 || member.remoteDemand(),
    shouldCompute: () => member.shouldCompute(),
    log,
  });
  const seen: ComputedStatus[] = [];
  scheduler.onUpdate((status) => {
    seen.push(status);
    if (status.trigger !== 'remote') {
      void bus.publish({
        nodeId: name,
        seq: status.seq,
        document: status.document,
        computedAt: status.computedAt,
      });
    }
  });
  bus.subscribe((message) => {
    if (message.nodeId !== name) scheduler.adopt(message);
  });
  await scheduler.start();
  await member.start({ scheduler, connections: () => connections, log });
  return {
    name,
    election,
    bus,
    member,
    scheduler,
    seen,
    computations: () => computations,
    setConnections: (count: number) => {
      connections = count;
    },
    /** Seqs this node's clients got, in order. */
    seqs: () => seen.map((s) => s.seq),
    async stop() {
      await scheduler.stop();
      await member.stop();
    },
  };
}
type TestNode = Awaited<ReturnType<typeof startNode>>;

const rising = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);

describeOnRedis('ClusterMember (real Redis, real StatusScheduler)', (redisUrl) => {
  const cleanups: (() => Promise<void>)[] = [];
  const prefixes: string[] = [];
  const prefix = () => {
    const made = `naija-monitor-test:${randomBytes(6).toString('hex')}:`;
    prefixes.push(made);
    return made;
  };
  const node = async (
    name: string,
    prefix: string,
    initialSeq: number,
    url = redisUrl,
    silenceMs?: number,
  ) => {
    const started = await startNode(name, url, prefix, initialSeq, silenceMs);
    cleanups.push(() => started.stop());
    return started;
  };
  const proxy = async () => {
    const started = await FaultProxy.start(redisUrl);
    cleanups.push(() => started.close());
    return started;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    const redis = new Redis(redisUrl);
    for (const used of prefixes.splice(0)) {
      const keys = await redis.keys(`${used}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('lets the leader compute and the follower relay the same seqs', async () => {
    const shared = prefix();
    const a = await node('a', shared, 1000);
    const b = await node('b', shared, 5000);
    a.election.set(true);
    await vi.waitFor(() =>
      expect(b.seen.filter((s) => s.trigger === 'remote').length).toBeGreaterThan(2),
    );
    const bBefore = b.computations();
    const from = a.seen.length;
    // Six more publications by the leader, and the follower computed none of them.
    await vi.waitFor(() => expect(a.seen.length).toBeGreaterThan(from + 6));
    expect(b.computations()).toBe(bBefore);
    expect(b.member.shouldCompute()).toBe(false);
    const published = a.seqs().slice(from, -1);
    expect(published.length).toBeGreaterThan(4);
    for (const seq of published) expect(b.seqs()).toContain(seq);
    expect(rising(b.seqs())).toBe(true);
    expect(b.seen.at(-1)!.document.system_health.bus).toBe('redis');
  });

  it('continues from the last published seq when the leadership moves', async () => {
    const shared = prefix();
    const a = await node('a', shared, 1000);
    const b = await node('b', shared, 500); // started "earlier": a lower seq of its own
    a.election.set(true);
    await vi.waitFor(() => expect(b.seqs().length).toBeGreaterThan(3));
    a.election.set(false);
    const lastOfA = a.seen.filter((s) => s.trigger !== 'remote').at(-1)!.seq;
    b.election.set(true);
    await vi.waitFor(() => expect(b.seen.some((s) => s.trigger !== 'remote')).toBe(true));
    const firstOfB = b.seen.find((s) => s.trigger !== 'remote')!.seq;
    expect(firstOfB).toBeGreaterThan(lastOfA);
    await vi.waitFor(() => expect(a.seqs()).toContain(firstOfB));
    expect(rising(a.seqs())).toBe(true);
    expect(rising(b.seqs())).toBe(true);
  });

  it('computes alone while Redis is out (degraded), then rejoins the shared stream at once without going backwards', async () => {
    const shared = prefix();
    const cut = await proxy();
    const a = await node('a', shared, 1000);
    // b started later: its own seq is far ahead of the shared one, as with real start times.
    // A long silence limit: rejoining must not wait for it.
    const b = await node('b', shared, 90_000, cut.url(redisUrl), 5000);
    a.election.set(true);
    await vi.waitFor(() => expect(b.seqs().length).toBeGreaterThan(2));
    const computedBefore = b.computations();

    cut.cut();
    const cutAt = performance.now();
    await vi.waitFor(() => expect(b.member.busState()).toBe('degraded'));
    expect(b.member.shouldCompute()).toBe(true);
    await vi.waitFor(() => expect(b.computations()).toBeGreaterThan(computedBefore + 1));
    expect(b.seen.at(-1)!.document.system_health.bus).toBe('degraded');

    cut.restore();
    await vi.waitFor(() => expect(b.member.busState()).toBe('redis'), { timeout: 5000 });
    // One stream again: b adopts what a publishes (a jumped past b's seqs), and stops computing.
    await vi.waitFor(
      () => {
        expect(b.member.shouldCompute()).toBe(false);
        expect(b.seen.at(-1)!.trigger).toBe('remote');
      },
      { timeout: 5000 },
    );
    const settled = b.computations();
    const relayed = b.seen.length;
    // Four more relayed updates, and b computed none of them.
    await vi.waitFor(() => expect(b.seen.length).toBeGreaterThan(relayed + 4), { timeout: 5000 });
    expect(b.computations()).toBe(settled);
    expect(a.scheduler.latest!.seq).toBeGreaterThan(90_000);
    expect(rising(a.seqs())).toBe(true);
    expect(rising(b.seqs())).toBe(true);
    // b's clients were fed all along: never a gap as long as the silence limit (5 s) it would
    // otherwise have waited for after Redis came back.
    const times = b.seen
      .filter((s) => s.computedAtMono >= cutAt - INTERVAL_MS)
      .map((s) => s.computedAtMono);
    const longestGapMs = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    expect(longestGapMs).toBeLessThan(5000);
  });

  it('computes alone when the stream falls silent although Redis is up (leader cut off), and yields when it speaks again', async () => {
    const shared = prefix();
    const cut = await proxy();
    const a = await node('a', shared, 1000, cut.url(redisUrl));
    const b = await node('b', shared, 2000);
    a.election.set(true);
    await vi.waitFor(() => expect(b.seqs().length).toBeGreaterThan(2));

    cut.cut();
    const cutAt = performance.now();
    await vi.waitFor(() => expect(b.member.shouldCompute()).toBe(true), {
      timeout: SILENCE_MS * 3,
    });
    expect(performance.now() - cutAt).toBeGreaterThan(SILENCE_MS - INTERVAL_MS * 2);
    const gotBefore = b.seen.length;
    await vi.waitFor(() => expect(b.seen.length).toBeGreaterThan(gotBefore + 2));

    cut.restore();
    await vi.waitFor(
      () => {
        expect(a.member.busState()).toBe('redis');
        expect(b.member.shouldCompute()).toBe(false);
      },
      { timeout: 5000 },
    );
    expect(rising(a.seqs())).toBe(true);
    expect(rising(b.seqs())).toBe(true);
  });

  it('lists every process with its connections; the leader computes for clients of the others', async () => {
    const shared = prefix();
    const a = await node('a', shared, 1000);
    const b = await node('b', shared, 1000);
    const c: TestNode = await node('c', shared, 1000);
    a.setConnections(0);
    b.setConnections(3);
    c.setConnections(0);
    a.election.set(true);
    await vi.waitFor(() =>
      expect(a.member.nodes()).toEqual([
        { node_id: 'a', connections: 0 },
        { node_id: 'b', connections: 3 },
        { node_id: 'c', connections: 0 },
      ]),
    );
    expect(a.member.remoteDemand()).toBe(true);
    const computed = a.computations();
    await vi.waitFor(() => expect(a.computations()).toBeGreaterThan(computed + 2));

    // Nobody watching anywhere: the leader stops computing.
    b.setConnections(0);
    await vi.waitFor(() => expect(a.member.remoteDemand()).toBe(false));
    const idle = a.computations();
    // Nothing to wait for: a quiet spell of four intervals, with at most one computation in it.
    await sleep(INTERVAL_MS * 4);
    expect(a.computations()).toBeLessThanOrEqual(idle + 1);

    // A process that leaves drops out of the list at once.
    await c.stop();
    await vi.waitFor(() => expect(a.member.nodes().map((n) => n.node_id)).toEqual(['a', 'b']));
  });
});
