import { describe, expect, it } from 'vitest';
import { liveTestDocument } from '../../test/support/live-documents';
import type { StatusMessage } from './bus';
import { LocalBus } from './local-bus';

describe('LocalBus', () => {
  it('delivers every message to every subscriber after the publisher returns, until unsubscribed or closed', async () => {
    const bus = new LocalBus();
    const a: StatusMessage[] = [];
    const b: StatusMessage[] = [];
    const offA = bus.subscribe((m) => a.push(m));
    bus.subscribe((m) => b.push(m));
    const message = { nodeId: 'n1', seq: 1, document: liveTestDocument(), computedAt: 0 };
    const published = bus.publish(message);
    expect(a).toHaveLength(0); // not inside the publisher's stack
    await published;
    expect(a).toEqual([message]);
    expect(b).toEqual([message]);
    offA();
    await bus.publish({ ...message, seq: 2 });
    await Promise.resolve();
    expect(a.map((m) => m.seq)).toEqual([1]);
    expect(b.map((m) => m.seq)).toEqual([1, 2]);
    await bus.close();
    await bus.publish({ ...message, seq: 3 });
    await Promise.resolve();
    expect(b.map((m) => m.seq)).toEqual([1, 2]);
  });
});
