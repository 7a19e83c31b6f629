import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatusDocument } from '@naija-monitor/protocol';
import { FaultProxy } from '../../test/support/fault-proxy';
import type { StatusMessage } from './bus';
import { parseStatusMessage, RedisBus } from './redis-bus';
import { describeOnRedis } from '../../test/support/redis';

const document = { overall_status: 'healthy' } as unknown as StatusDocument;
const message = (nodeId: string, seq: number): StatusMessage => ({
  nodeId,
  seq,
  document,
  computedAt: Date.now(),
});

describeOnRedis('RedisBus (real Redis)', (redisUrl) => {
  const opened: { close(): Promise<void> }[] = [];
  const prefixes: string[] = [];
  const prefix = () => {
    const made = `naija-monitor-test:${randomBytes(6).toString('hex')}:`;
    prefixes.push(made);
    return made;
  };
  const open = async (url: string, busPrefix: string) => {
    const bus = new RedisBus({
      url,
      prefix: busPrefix,
      minReconnectDelayMs: 50,
      maxReconnectDelayMs: 200,
    });
    opened.push(bus);
    expect(await bus.ready(5000)).toBe(true);
    return bus;
  };
  const received = (bus: RedisBus) => {
    const messages: StatusMessage[] = [];
    bus.subscribe((m) => messages.push(m));
    return messages;
  };

  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
    const redis = new Redis(redisUrl);
    for (const used of prefixes.splice(0)) {
      const keys = await redis.keys(`${used}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('delivers a message once to every node, the publisher included, and keeps the newest', async () => {
    const shared = prefix();
    const [a, b] = [await open(redisUrl, shared), await open(redisUrl, shared)];
    const [atA, atB] = [received(a), received(b)];
    expect(await a.publishIfNewer(message('a', 100))).toBe('published');
    await vi.waitFor(() => expect(atB).toHaveLength(1));
    await vi.waitFor(() => expect(atA).toHaveLength(1));
    expect(atB[0]).toMatchObject({ nodeId: 'a', seq: 100, document });
    // The echo carries the publisher's id, so the publisher can tell it apart.
    expect(atA[0]!.nodeId).toBe('a');
    expect((await b.lastMessage())?.seq).toBe(100);
  });

  it('never lets the shared stream go backwards, and hands a fenced publisher the newer status', async () => {
    const shared = prefix();
    const [a, b] = [await open(redisUrl, shared), await open(redisUrl, shared)];
    const [atA, atB] = [received(a), received(b)];
    expect(await b.publishIfNewer(message('b', 200))).toBe('published');
    await vi.waitFor(() => expect(atA).toHaveLength(1));
    expect(await a.publishIfNewer(message('a', 150))).toBe('fenced');
    expect(await a.publishIfNewer(message('a', 200))).toBe('fenced');
    // The fenced publisher got b's newer message again (locally), nobody got a's.
    expect(atA.map((m) => [m.nodeId, m.seq])).toEqual([
      ['b', 200],
      ['b', 200],
      ['b', 200],
    ]);
    expect(await a.publishIfNewer(message('a', 201))).toBe('published');
    await vi.waitFor(() => expect(atB.map((m) => m.seq)).toEqual([200, 201]));
  });

  it('keeps buses with different prefixes apart and ignores foreign payloads on the channel', async () => {
    const [a, b] = [await open(redisUrl, prefix()), await open(redisUrl, prefix())];
    const atB = received(b);
    await a.publishIfNewer(message('a', 1));
    await b.commands.publish(b.channel, 'not json');
    await b.commands.publish(b.channel, JSON.stringify({ nodeId: 'x', seq: 'one' }));
    await b.publishIfNewer(message('b', 2));
    await vi.waitFor(() => expect(atB.map((m) => m.seq)).toEqual([2]));
    expect(b.malformedCount).toBe(2);
  });

  it('reports a Redis outage, drops while out, reconnects with backoff and resubscribes', async () => {
    await using proxy = await FaultProxy.start(redisUrl);
    const shared = prefix();
    const a = await open(proxy.url(redisUrl), shared);
    const b = await open(redisUrl, shared);
    const atA = received(a);
    const states: boolean[] = [];
    a.onStateChange((connected) => states.push(connected));

    proxy.cut();
    await vi.waitFor(() => expect(a.connected).toBe(false), { timeout: 5000 });
    expect(await a.publishIfNewer(message('a', 10))).toBe('dropped');
    expect(await a.lastMessage()).toBeUndefined();
    // It keeps trying while the proxy refuses (backoff of 50 to 200 ms).
    await vi.waitFor(() => expect(proxy.accepted).toBeGreaterThan(2), { timeout: 5000 });

    proxy.restore();
    await vi.waitFor(() => expect(a.connected).toBe(true), { timeout: 5000 });
    expect(states).toEqual([false, true]);
    await b.publishIfNewer(message('b', 11));
    await vi.waitFor(() => expect(atA.map((m) => m.seq)).toEqual([11]), { timeout: 5000 });
  });

  it('starts disconnected when Redis is unreachable and connects once it answers', async () => {
    await using proxy = await FaultProxy.start(redisUrl);
    proxy.cut();
    const bus = new RedisBus({
      url: proxy.url(redisUrl),
      prefix: prefix(),
      minReconnectDelayMs: 50,
      maxReconnectDelayMs: 100,
    });
    opened.push(bus);
    expect(await bus.ready(300)).toBe(false);
    proxy.restore();
    expect(await bus.ready(5000)).toBe(true);
  });
});

describe('parseStatusMessage', () => {
  it('accepts a status message and rejects anything else', () => {
    const raw = JSON.stringify(message('n1', 5));
    expect(parseStatusMessage(raw)).toMatchObject({ nodeId: 'n1', seq: 5 });
    for (const bad of [
      '',
      'null',
      '[]',
      '{"nodeId":1}',
      JSON.stringify({ ...message('n', 1), seq: 1.5 }),
    ])
      expect(parseStatusMessage(bad)).toBeUndefined();
  });
});
