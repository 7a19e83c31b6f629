import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LiveMetrics } from '../metrics/live-metrics';
import { Hub } from './hub';
import { LiveClient, type CloseCause } from './live-client';
import type { PreparedUpdate } from './prepared-update';
import { DEFAULT_SLOW_CLIENT_POLICY } from './slow-client-policy';

/** A client double that records what it was sent; `broken` makes its socket throw on write. */
class RecordingClient extends LiveClient {
  readonly transport = 'websocket' as const;
  readonly received: number[] = [];
  terminatedWith: CloseCause | null = null;
  constructor(
    id: number,
    readonly broken = false,
  ) {
    super({ id, ip: '127.0.0.1', openedAt: 0, rotateAt: Number.MAX_SAFE_INTEGER });
  }
  isOpen(): boolean {
    return this.terminatedWith === null;
  }
  bufferedBytes(): number {
    return 0;
  }
  write(update: PreparedUpdate): number {
    if (this.broken) throw new Error('write EPIPE');
    this.received.push(update.seq);
    return update.wsFrame.length;
  }
  heartbeat(): void {}
  close(): void {}
  terminate(cause: CloseCause): void {
    this.terminatedWith = cause;
  }
}

function update(seq: number): PreparedUpdate {
  const frame = Buffer.from(`frame ${seq}`);
  return { seq, wsFrame: frame, envelope: frame, sseEvent: frame } as unknown as PreparedUpdate;
}

describe('Hub.broadcast', () => {
  it('drops a client whose send throws and still reaches every client after it', async () => {
    const metrics = new LiveMetrics({ connections: () => 0 }, { defaultMetrics: false });
    const hub = new Hub({
      slowClient: DEFAULT_SLOW_CLIENT_POLICY,
      heartbeat: { pingIntervalMs: 25_000, timeoutMs: 60_000, sweepMs: 5_000 },
      sliceSize: 2,
      now: () => 0,
      log: pino({ level: 'silent' }),
      metrics,
    });
    const clients = [
      new RecordingClient(1),
      new RecordingClient(2, true),
      new RecordingClient(3),
      new RecordingClient(4, true),
      new RecordingClient(5),
    ];
    for (const client of clients) hub.add(client);

    await hub.broadcast(update(7));

    expect(clients.filter((c) => !c.broken).map((c) => c.received)).toEqual([[7], [7], [7]]);
    expect(clients.filter((c) => c.broken).map((c) => c.terminatedWith)).toEqual([
      'error',
      'error',
    ]);
    expect(metrics.snapshot().lastBroadcastFailures).toBe(2);
    expect(
      await metrics.registry.getSingleMetricAsString('monitor_live_broadcast_failures_total'),
    ).toContain(' 2');

    await hub.broadcast(update(8));
    expect(metrics.snapshot().lastBroadcastFailures).toBe(0);
    metrics.stop();
  });
});
