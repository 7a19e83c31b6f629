import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './stats';

describe('stats', () => {
  it('takes nearest-rank quantiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('summarises an unsorted sample', () => {
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, min: 1, p50: 2, max: 3, mean: 2 });
  });
});
