import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import type { StatusDocument } from '@naija-monitor/protocol';
import { liveTestDocument } from '../../test/support/live-documents';
import {
  StatusScheduler,
  StatusUnavailableError,
  type StatusSchedulerOptions,
  type ComputedStatus,
} from './status-scheduler';

const INTERVAL_MS = 1000;
const log = pino({ level: 'silent' });

/** A scheduler on fake time whose computation takes `computeMs` of (fake) time. */
function setup(
  overrides: Partial<StatusSchedulerOptions> & { computeMs?: number; demand?: boolean } = {},
) {
  let demand = overrides.demand ?? true;
  let running = 0;
  let maxRunning = 0;
  let calls = 0;
  let onChange: (() => void) | undefined;
  const computeMs = overrides.computeMs ?? 0;
  const compute = vi.fn(async (): Promise<StatusDocument> => {
    calls += 1;
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    if (computeMs > 0) await new Promise((resolve) => setTimeout(resolve, computeMs));
    running -= 1;
    return liveTestDocument(calls);
  });
  const published: { at: number; status: ComputedStatus }[] = [];
  const scheduler = new StatusScheduler({
    compute,
    intervalMs: INTERVAL_MS,
    hasDemand: () => demand,
    listenForChanges: async (listener) => {
      onChange = listener;
      return async () => {
        onChange = undefined;
      };
    },
    now: () => Date.now(),
    wallNow: () => Date.now(),
    initialSeq: 100,
    log,
    ...overrides,
  });
  scheduler.onUpdate((status) => published.push({ at: Date.now(), status }));
  return {
    scheduler,
    compute,
    published,
    change: () => onChange?.(),
    setDemand: (value: boolean) => {
      demand = value;
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

/** Stops, letting fake time run so a computation in flight can finish. */
async function stop(scheduler: StatusScheduler): Promise<void> {
  await Promise.all([scheduler.stop(), vi.advanceTimersByTimeAsync(INTERVAL_MS * 5)]);
}

describe('StatusScheduler', () => {
  let t0: number;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-28T12:00:00Z') });
    t0 = Date.now();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes one status per interval on a schedule that does not drift, with a rising seq', async () => {
    const s = setup({ computeMs: 40 });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 100 + 10);
    expect(s.compute).toHaveBeenCalledTimes(100);
    // Computed ahead of the tick and held until it: every update leaves exactly on the grid.
    // Only the first has no duration estimate to start ahead by.
    expect(s.published[0]!.at - t0).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(s.published[0]!.at - t0).toBeLessThanOrEqual(INTERVAL_MS + 40);
    expect(s.published.slice(1).map((p) => p.at - t0)).toEqual(
      Array.from({ length: 99 }, (_, i) => (i + 2) * INTERVAL_MS),
    );
    expect(s.published.map((p) => p.status.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => 101 + i),
    );
    expect(s.published.every((p) => p.status.trigger === 'interval')).toBe(true);
    await stop(s.scheduler);
  });

  it('computes nothing while nobody needs status', async () => {
    const s = setup({ demand: false });
    await s.scheduler.start();
    s.change();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 5);
    expect(s.compute).not.toHaveBeenCalled();
    await stop(s.scheduler);
  });

  it('recomputes at once after a burst of change notifications, without waiting for the tick', async () => {
    const s = setup({ computeMs: 10, debounceMs: 50 });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + 20); // first periodic update is out
    const before = s.compute.mock.calls.length;
    // One transaction's notifications arrive together: one computation sees them all.
    for (let i = 0; i < 10; i++) s.change();
    await vi.advanceTimersByTimeAsync(100);
    expect(s.compute.mock.calls.length).toBe(before + 1);
    const last = s.published.at(-1)!;
    expect(last.status.trigger).toBe('change');
    // No debounce delay in front of the first change: only the computation's own 10 ms.
    expect(last.at - t0).toBe(INTERVAL_MS + 20 + 10);
    await stop(s.scheduler);
  });

  it('computes at most once per debounce window under a stream of changes, and the last change is published', async () => {
    const s = setup({ computeMs: 5, debounceMs: 50 });
    await s.scheduler.start();
    // A write every 10 ms for 500 ms (ticks are 1 s away).
    for (let i = 0; i < 50; i++) {
      s.change();
      await vi.advanceTimersByTimeAsync(10);
    }
    const lastChangeAt = Date.now() - 10;
    await vi.advanceTimersByTimeAsync(200);
    const computations = s.compute.mock.calls.length;
    expect(computations).toBeGreaterThanOrEqual(500 / 50);
    expect(computations).toBeLessThanOrEqual(500 / 50 + 2);
    expect(s.published.every((p) => p.status.trigger === 'change')).toBe(true);
    // The last write is covered by a computation that started after it, within one window.
    const last = s.published.at(-1)!;
    expect(last.at).toBeGreaterThan(lastChangeAt);
    expect(last.at - lastChangeAt).toBeLessThanOrEqual(50 + 5);
    expect(s.scheduler.isFresh()).toBe(true);
    await stop(s.scheduler);
  });

  it('recomputes after a running computation when a change arrives during it, never overlapping', async () => {
    const s = setup({ computeMs: 200, debounceMs: 0 });
    await s.scheduler.start();
    s.change();
    await vi.advanceTimersByTimeAsync(100); // computing since t=0
    s.change(); // the running read may have missed it
    await vi.advanceTimersByTimeAsync(400); // second computation: 200 to 400; first tick not yet due
    expect(s.compute).toHaveBeenCalledTimes(2);
    expect(s.published.map((p) => p.status.trigger)).toEqual(['change', 'change']);
    expect(s.maxRunning).toBe(1);
    await stop(s.scheduler);
  });

  it('never overlaps computations even when one takes longer than the interval', async () => {
    const s = setup({ computeMs: INTERVAL_MS * 1.7 });
    await s.scheduler.start();
    for (let i = 0; i < 20; i++) s.change();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 10);
    expect(s.maxRunning).toBe(1);
    expect(s.published.length).toBeGreaterThanOrEqual(5);
    await stop(s.scheduler);
  });

  it('shares one computation between concurrent readers and serves the cache while fresh', async () => {
    const s = setup({ demand: false, computeMs: 20 });
    await s.scheduler.start();
    const [readers] = await Promise.all([
      Promise.all([s.scheduler.fresh(), s.scheduler.fresh(), s.scheduler.fresh()]),
      vi.advanceTimersByTimeAsync(50),
    ]);
    expect(s.compute).toHaveBeenCalledTimes(1);
    expect(new Set(readers.map((r) => r.seq)).size).toBe(1);
    expect(readers[0].trigger).toBe('demand');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS / 2);
    await s.scheduler.fresh();
    expect(s.compute).toHaveBeenCalledTimes(1);
    // A change makes the cache stale even within the interval.
    s.change();
    const after = await Promise.all([s.scheduler.fresh(), vi.advanceTimersByTimeAsync(50)]);
    expect(s.compute).toHaveBeenCalledTimes(2);
    expect(after[0].seq).toBe(readers[0].seq + 1);
    // And so does age.
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + 1);
    await Promise.all([s.scheduler.fresh(), vi.advanceTimersByTimeAsync(50)]);
    expect(s.compute).toHaveBeenCalledTimes(3);
    await stop(s.scheduler);
  });

  it('gives readers that arrive after a change during a computation the next one, shared', async () => {
    // The one queue of the status path (the engine has none): a reader arriving mid-computation
    // may be reacting to a change the running read missed.
    const s = setup({ demand: false, computeMs: 200 });
    await s.scheduler.start();
    const first = s.scheduler.fresh();
    await vi.advanceTimersByTimeAsync(100);
    s.change();
    const second = s.scheduler.fresh();
    const third = s.scheduler.fresh();
    const [a, b, c] = await Promise.all([first, second, third, vi.advanceTimersByTimeAsync(500)]);
    expect(s.compute).toHaveBeenCalledTimes(2);
    expect(s.maxRunning).toBe(1);
    expect(b).toBe(c);
    expect(b.seq).toBe(a.seq + 1);
    await stop(s.scheduler);
  });

  it('repeats the last document marked stale when a computation fails', async () => {
    let fail = false;
    const s = setup({
      compute: async () => {
        if (fail) throw new Error('database gone');
        return liveTestDocument(1);
      },
    });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    fail = true;
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(s.published).toHaveLength(2);
    expect(s.published[0]!.status.document.system_health.stale).toBe(false);
    expect(s.published[1]!.status.document.system_health.stale).toBe(true);
    expect(s.published[1]!.status.seq).toBe(s.published[0]!.status.seq + 1);
    await stop(s.scheduler);
  });

  it('keeps the cadence while a computation hangs: a tick without a result repeats the last document marked stale', async () => {
    let hang = false;
    const s = setup({
      compute: async () => {
        // A query stuck behind a lock until the statement timeout.
        if (hang) await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 3.5));
        return liveTestDocument(1);
      },
    });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    hang = true;
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 3.4);
    const grace = 250;
    expect(s.published.map((p) => p.at - t0)).toEqual([
      INTERVAL_MS,
      2 * INTERVAL_MS + grace,
      3 * INTERVAL_MS + grace,
      4 * INTERVAL_MS + grace,
    ]);
    expect(s.published.map((p) => p.status.document.system_health.stale)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    const seqs = s.published.map((p) => p.status.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    // The hung computation ends; fresh updates again, back on the interval.
    hang = false;
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2);
    const after = s.published.filter((p) => p.at - t0 > 5.3 * INTERVAL_MS);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((p) => !p.status.document.system_health.stale)).toBe(true);
    expect(after.at(-1)!.at - t0).toBe(6 * INTERVAL_MS);
    await stop(s.scheduler);
  });

  it('rejects readers with StatusUnavailableError when the first computation fails', async () => {
    const s = setup({
      demand: false,
      compute: async () => {
        throw new Error('database gone');
      },
    });
    await s.scheduler.start();
    await expect(s.scheduler.fresh()).rejects.toBeInstanceOf(StatusUnavailableError);
    await stop(s.scheduler);
  });

  it('restarts the schedule when the first client arrives, so its first and second updates are one interval apart', async () => {
    const s = setup({ demand: false, computeMs: 30 });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2.5);
    s.setDemand(true);
    s.scheduler.demandStarted();
    const first = s.scheduler.fresh();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2 + 100);
    await first;
    const times = s.published.map((p) => p.at - t0);
    expect(times[0]).toBe(INTERVAL_MS * 2.5 + 30);
    expect(times[1]! - times[0]!).toBe(INTERVAL_MS);
    expect(times[2]! - times[1]!).toBe(INTERVAL_MS);
    await stop(s.scheduler);
  });

  it('adopts newer updates from other nodes and keeps its own seq above them', async () => {
    const s = setup({ demand: false });
    await s.scheduler.start();
    s.scheduler.adopt({ seq: 5000, document: liveTestDocument(7), computedAt: Date.now() });
    s.scheduler.adopt({ seq: 4000, document: liveTestDocument(8), computedAt: Date.now() });
    expect(s.published.map((p) => [p.status.seq, p.status.trigger])).toEqual([[5000, 'remote']]);
    s.change();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + 1);
    const own = await s.scheduler.fresh();
    expect(own.seq).toBe(5001);
    await stop(s.scheduler);
  });

  it('drops a queued computation when the node stops computing (leadership moved) before it starts', async () => {
    let leader = true;
    const s = setup({ computeMs: 100, debounceMs: 0, shouldCompute: () => leader });
    await s.scheduler.start();
    s.change();
    await vi.advanceTimersByTimeAsync(50); // computing since t=0
    s.change(); // queued behind the running computation
    await vi.advanceTimersByTimeAsync(1);
    leader = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(s.compute).toHaveBeenCalledTimes(1);
    expect(s.published).toHaveLength(1);
    await stop(s.scheduler);
  });

  it('stops cleanly: no timer left, waiting readers rejected', async () => {
    const s = setup({ computeMs: 5000 });
    await s.scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const stopping = s.scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopping;
    expect(vi.getTimerCount()).toBe(0);
    await expect(s.scheduler.fresh()).rejects.toBeInstanceOf(StatusUnavailableError);
  });
});
