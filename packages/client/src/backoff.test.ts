import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles the ceiling from 1 s per failed attempt, capped at 30 s', () => {
    const almostOne = () => 1 - Number.EPSILON;
    const schedule = [0, 1, 2, 3, 4, 5, 6, 10, 1000].map((attempt) =>
      backoffDelayMs(attempt, almostOne),
    );
    expect(schedule).toEqual([999, 1999, 3999, 7999, 15999, 29999, 29999, 29999, 29999]);
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffCeilingMs(attempt))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000,
    ]);
  });

  it('is full jitter: random 0 gives 0, random 0.5 half the ceiling', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(2, () => 0.25, 100, 10_000)).toBe(100);
  });

  it('stays within [0, ceiling) for any attempt, random value, base and cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        (attempt, random, baseMs, extraMs) => {
          const maxMs = baseMs + extraMs;
          const delay = backoffDelayMs(attempt, () => random, baseMs, maxMs);
          const ceiling = backoffCeilingMs(attempt, baseMs, maxMs);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
          expect(ceiling).toBeLessThanOrEqual(maxMs);
        },
      ),
    );
  });

  it('clamps a random source that misbehaves instead of stalling or going negative', () => {
    expect(backoffDelayMs(0, () => Number.NaN)).toBe(0);
    expect(backoffDelayMs(0, () => -3)).toBe(0);
    expect(backoffDelayMs(0, () => 7)).toBe(999);
    expect(backoffDelayMs(Number.POSITIVE_INFINITY, () => 0.5)).toBe(500);
  });
});
