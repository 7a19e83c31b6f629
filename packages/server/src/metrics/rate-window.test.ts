import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  it('counts the last 60 seconds', () => {
    let now = 1_000_000;
    const window = new RateWindow(() => now);
    window.add(3);
    now += 30_000;
    window.add(2);
    expect(window.perMinute()).toBe(5);
    now += 30_500;
    expect(window.perMinute()).toBe(2);
    expect(window.perSecond()).toBeCloseTo(2 / 60);
    now += 3_600_000;
    expect(window.perMinute()).toBe(0);
  });
});
