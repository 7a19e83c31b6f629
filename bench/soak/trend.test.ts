import { describe, expect, it } from 'vitest';
import { flatness } from './trend';

describe('flatness', () => {
  it('finds the slope per minute and the drift between the first and last thirds', () => {
    const rising = Array.from({ length: 9 }, (_, i) => ({ t: i * 30, value: 100 + i }));
    const result = flatness(rising);
    expect(result.slopePerMinute).toBeCloseTo(2);
    expect(result.firstThird).toBeCloseTo(101);
    expect(result.lastThird).toBeCloseTo(107);
    expect(result.changePercent).toBeCloseTo((6 / 101) * 100);
    const flat = flatness(rising.map((p) => ({ ...p, value: 50 })));
    expect(flat.slopePerMinute).toBe(0);
    expect(flat.changePercent).toBe(0);
    expect(Number.isNaN(flatness([{ t: 0, value: 1 }]).slopePerMinute)).toBe(true);
  });
});
