import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostRateLimiter } from './host-rate-limiter';

describe('HostRateLimiter', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('lets requests to one host start at least the interval apart, in order', async () => {
    const limiter = new HostRateLimiter(1000, () => Date.now());
    const starts: Array<[string, number]> = [];
    const go = (name: string, host: string) =>
      limiter.acquire(host).then(() => starts.push([name, Date.now()]));
    const all = Promise.all([
      go('a1', 'a.example'),
      go('a2', 'a.example'),
      go('b1', 'b.example'),
      go('a3', 'a.example'),
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    await all;
    expect(starts).toEqual([
      ['a1', 0],
      ['b1', 0],
      ['a2', 1000],
      ['a3', 2000],
    ]);
  });

  it('does not wait when the host has been quiet for longer than the interval', async () => {
    const limiter = new HostRateLimiter(1000, () => Date.now());
    await limiter.acquire('a.example');
    await vi.advanceTimersByTimeAsync(1500);
    const before = Date.now();
    await limiter.acquire('a.example');
    expect(Date.now()).toBe(before);
  });

  it('waits again when a timer fires before the wall clock says it is time', async () => {
    // From t=1000 the clock reads 10 ms behind the timers, as libuv's cached loop time can.
    const limiter = new HostRateLimiter(1000, () => Date.now() - (Date.now() >= 1000 ? 10 : 0));
    await limiter.acquire('a.example');
    let done = false;
    const waiting = limiter.acquire('a.example').then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(true);
    await waiting;
  });
});
