import { describe, expect, it } from 'vitest';
import { countTest, logGamma, lowerTail, upperTail } from './count-tests';
import { fisherTail } from './proportion-tests';
import { weeklyProfile } from './weekly-profile';
import { addDays } from './day-keys';

describe('count tests', () => {
  it('computes log-gamma and Poisson tails exactly enough', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    // P(X ≥ 10 | λ = 3) = 0.0011025...; P(X ≤ 0 | λ = 10) = e^-10.
    expect(upperTail(10, 3)).toBeCloseTo(0.0011025, 6);
    expect(lowerTail(0, 10)).toBeCloseTo(Math.exp(-10), 12);
    expect(upperTail(0, 3)).toBe(1);
  });

  it('widens the tails when the data are overdispersed', () => {
    expect(upperTail(20, 8, 3)).toBeGreaterThan(upperTail(20, 8, 1) * 10);
    // Dispersion 1 is Poisson; the NB mean stays the mean.
    let mean = 0;
    for (let k = 0; k < 200; k += 1) mean += k * (lowerTail(k, 8, 3) - lowerTail(k - 1, 8, 3));
    expect(mean).toBeCloseTo(8, 3);
  });

  it('needs both significance and an absolute change', () => {
    expect(countTest(3, 0.25, 1, { alpha: 1e-4, minDelta: 3 }).direction).toBe('none');
    expect(countTest(40, 10, 1, { alpha: 1e-4, minDelta: 3 }).direction).toBe('spike');
    expect(countTest(0, 12, 1, { alpha: 1e-4, minDelta: 3 }).direction).toBe('drop');
    expect(countTest(0, 12, 1, { alpha: 1e-4, minDelta: 3, allowDrop: false }).direction).toBe(
      'none',
    );
  });

  it('Fisher exact tail matches a hand-computed table', () => {
    // Table [[1, 9], [11, 3]] (the dieting example): one-sided p = 0.001346 + 0.0000337.
    expect(fisherTail(1, 10, 11, 14, 'lower')).toBeCloseTo(0.0013797, 6);
    expect(fisherTail(9, 10, 3, 14, 'upper')).toBeCloseTo(0.0013797, 6);
  });
});

describe('weekly profile', () => {
  it('recovers weekend dips from a national series and stays flat without history', () => {
    const weekly = [0.5, 1.1, 1.1, 1.1, 1.1, 1.1, 0.7];
    const daily = Array.from({ length: 56 }, (_, index) => {
      const day = addDays('2026-01-04', index); // a Sunday
      return { day, events: Math.round(100 * weekly[index % 7]!) };
    });
    const profile = weeklyProfile(daily);
    expect(profile[0]).toBeCloseTo(0.5 / (6.7 / 7), 1);
    expect(profile[3]).toBeCloseTo(1.1 / (6.7 / 7), 1);
    expect(weeklyProfile(daily.slice(0, 14))).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
