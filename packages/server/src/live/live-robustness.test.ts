import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { LiveMetrics } from '../metrics/live-metrics';
import { Hub } from './hub';
import { LiveClient, type CloseCause } from './live-client';
import { RefusalLog } from './refusal-log';
import { DEFAULT_SLOW_CLIENT_POLICY } from './slow-client-policy';

/** A client whose heartbeat throws when `broken`, and that counts its heartbeats. */
class HeartbeatClient extends LiveClient {
  readonly transport = 'websocket' as const;
  heartbeats = 0;
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
  write(): number {
    return 0;
  }
  heartbeat(): void {
    if (this.broken) throw new Error('socket gone');
    this.heartbeats += 1;
  }
  close(): void {}
  terminate(cause: CloseCause): void {
    this.terminatedWith = cause;
  }
}

describe('Hub heartbeat sweep', () => {
  // A throw in the sweep (a timer callback) was an unhandled rejection: with process guards,
  // the end of the process; without, a sweep that stops at the broken client every time.
  it('drops a client whose heartbeat throws and still pings every client after it', async () => {
    vi.useFakeTimers();
    const metrics = new LiveMetrics({ connections: () => 0 }, { defaultMetrics: false });
    try {
      let now = 0;
      const hub = new Hub({
        slowClient: DEFAULT_SLOW_CLIENT_POLICY,
        heartbeat: { pingIntervalMs: 100, timeoutMs: 1_000_000, sweepMs: 50 },
        sliceSize: 2,
        now: () => now,
        log: pino({ level: 'silent' }),
        metrics,
      });
      const clients = [
        new HeartbeatClient(1),
        new HeartbeatClient(2, true),
        new HeartbeatClient(3),
      ];
      for (const client of clients) hub.add(client);
      hub.startHeartbeat();
      now = 200;
      await vi.advanceTimersByTimeAsync(60);
      expect(clients.map((c) => c.heartbeats)).toEqual([1, 0, 1]);
      expect(clients[1]!.terminatedWith).toBe('error');
      hub.stopHeartbeat();
    } finally {
      metrics.stop();
      vi.useRealTimers();
    }
  });
});

describe('RefusalLog', () => {
  it('logs each refusal at debug and one warn summary per interval (review L3)', () => {
    const lines: { level: string; obj: Record<string, unknown> }[] = [];
    const log = pino(
      { level: 'debug' },
      {
        write: (line: string) => {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push({ level: String(parsed.level), obj: parsed });
        },
      },
    );
    let now = 0;
    const refusals = new RefusalLog(log, () => now, 60_000);
    for (let i = 0; i < 1000; i++) refusals.refused(i % 2 ? 'per_ip' : 'unauthorized', { ip: 'x' });
    const warn = String(pino.levels.values.warn);
    const debug = String(pino.levels.values.debug);
    expect(lines.filter((l) => l.level === warn)).toHaveLength(1);
    expect(lines.filter((l) => l.level === debug)).toHaveLength(1000);
    now = 60_000;
    refusals.refused('per_ip', { ip: 'x' });
    const summaries = lines.filter((l) => l.level === warn);
    expect(summaries).toHaveLength(2);
    expect(summaries[1]!.obj.refused).toEqual({ per_ip: 501, unauthorized: 499 });
    for (let i = 0; i < 100; i++) refusals.failed(new Error('bug'), {});
    expect(lines.filter((l) => l.level === warn)).toHaveLength(3);
  });
});
