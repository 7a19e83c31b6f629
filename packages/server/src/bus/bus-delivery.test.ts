import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveTestDocument } from '../../test/support/live-documents';
import type { StatusMessage } from './bus';
import { BusDelivery } from './handler-errors';
import { LocalBus } from './local-bus';
import { RedisBus } from './redis-bus';
import { describeOnRedis } from '../../test/support/redis';

const message: StatusMessage = {
  nodeId: 'n1',
  seq: 1,
  document: liveTestDocument(),
  computedAt: 0,
};

function recordingLog() {
  const lines: { obj: object; msg: string }[] = [];
  return { lines, log: { warn: (obj: object, msg: string) => lines.push({ obj, msg }) } };
}

// A subscriber that throws used to throw out of a microtask (LocalBus) or out of ioredis's
// socket handling (RedisBus): an uncaught exception that stops the process.
describe('bus delivery survives throwing subscribers and malformed messages', () => {
  it('LocalBus: a throwing subscriber is logged and skipped; the others still get the message', async () => {
    const { lines, log } = recordingLog();
    const bus = new LocalBus({ log });
    const got: StatusMessage[] = [];
    bus.subscribe(() => {
      throw new Error('subscriber bug');
    });
    bus.subscribe((m) => got.push(m));
    await bus.publish(message);
    await bus.publish({ ...message, seq: 2 });
    await vi.waitFor(() => expect(got.map((m) => m.seq)).toEqual([1, 2]));
    expect(bus.handlerErrors).toBe(2);
    // One line a minute at most, however many errors.
    expect(lines).toHaveLength(1);
    expect(lines[0]!.obj).toMatchObject({ seq: 1, count: 1 });
    await bus.close();
  });

  it('BusDelivery logs at most one line per kind per minute and counts the rest', () => {
    let now = 0;
    const { lines, log } = recordingLog();
    const delivery = new BusDelivery(log, () => now);
    for (let i = 0; i < 100; i++) delivery.malformedMessage(10);
    expect(lines).toHaveLength(1);
    now = 60_000;
    delivery.malformedMessage(10);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.obj).toMatchObject({ count: 100 });
    expect(delivery.malformed).toBe(101);
  });
});

describeOnRedis('RedisBus delivery (real Redis)', (redisUrl) => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('drops and logs a malformed message and a throwing subscriber; delivery goes on', async () => {
    const prefix = `naija-monitor-test:${randomBytes(6).toString('hex')}:`;
    const { lines, log } = recordingLog();
    const bus = new RedisBus({ url: redisUrl, prefix, log });
    closers.push(() => bus.close());
    expect(await bus.ready(5000)).toBe(true);
    const publisher = new Redis(redisUrl);
    closers.push(() => publisher.quit());
    const got: StatusMessage[] = [];
    let throwing = true;
    bus.subscribe(() => {
      if (throwing) throw new Error('subscriber bug');
    });
    bus.subscribe((m) => got.push(m));
    for (const raw of ['not json', '{"nodeId":1}', 'null', '[]', '{"__proto__":{}}'])
      await publisher.publish(bus.channel, raw);
    await publisher.publish(bus.channel, JSON.stringify(message));
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(bus.malformedCount).toBe(5);
    expect(bus.handlerErrors).toBe(1);
    throwing = false;
    await publisher.publish(bus.channel, JSON.stringify({ ...message, seq: 2 }));
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(lines.map((line) => line.msg).join('\n')).toMatch(/not a status message/);
    expect(lines.map((line) => line.msg).join('\n')).toMatch(/subscriber threw/);
  });
});
