import { describe, expect, it } from 'vitest';
import { AcceptRate } from './accept-rate';

describe('AcceptRate', () => {
  it('accepts a burst of one second, then the rate, whatever the addresses', () => {
    let now = 0;
    const rate = new AcceptRate(
      10,
      () => now,
      () => 0,
    );
    const burst = Array.from({ length: 12 }, () => rate.take());
    expect(burst.filter((wait) => wait === 0)).toHaveLength(10);
    expect(burst.slice(10)).toEqual([1, 1]);
    // Refilled continuously: one token per 100 ms at 10/s.
    now = 100;
    expect(rate.take()).toBe(0);
    expect(rate.take()).toBeGreaterThan(0);
    now = 10_000;
    expect(Array.from({ length: 10 }, () => rate.take()).every((wait) => wait === 0)).toBe(true);
  });

  it('never accepts more than the rate over any window, however many ask', () => {
    let now = 0;
    const rate = new AcceptRate(50, () => now);
    const acceptedAt: number[] = [];
    // 2000 attempts per second for 5 s.
    for (; now < 5000; now += 0.5) if (rate.take() === 0) acceptedAt.push(now);
    // The burst (50) plus 50 per second.
    expect(acceptedAt.length).toBeLessThanOrEqual(50 + 50 * 5 + 1);
    for (let start = 0; start <= 4000; start += 250) {
      const inWindow = acceptedAt.filter((at) => at >= start && at < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(100);
    }
  });

  it('spreads the refused over as many seconds as the rate needs for them', () => {
    const rate = new AcceptRate(
      100,
      () => 0,
      () => 0.999,
    );
    for (let i = 0; i < 100; i++) rate.take();
    const waits = Array.from({ length: 400 }, () => rate.take());
    // The 400th refused in the same second is told to wait up to 4 s.
    expect(waits[0]).toBe(1);
    expect(Math.max(...waits)).toBe(4);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
  });
});
