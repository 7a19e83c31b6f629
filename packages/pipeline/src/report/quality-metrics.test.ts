import { describe, expect, it } from 'vitest';
import { qualityRow, qualityStatus, rate, TrailingHour } from './quality-metrics';

const counts = (geo: number, geoOk: number, val: number, valOk: number) => ({
  geocodingAttempts: geo,
  geocodingSuccesses: geoOk,
  validationAttempts: val,
  validationPasses: valOk,
});

describe('quality metrics', () => {
  it('computes rates to one decimal, and none without attempts', () => {
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBeNull();
  });

  it('is healthy at 80 % and above, a warning below, an error below 50 %, pending with nothing', () => {
    expect(qualityStatus(counts(10, 8, 10, 9))).toBe('healthy');
    expect(qualityStatus(counts(10, 7, 10, 9))).toBe('warning');
    expect(qualityStatus(counts(10, 9, 10, 4))).toBe('error');
    expect(qualityStatus(counts(0, 0, 0, 0))).toBe('pending');
  });

  it('builds a wire row', () => {
    const at = new Date('2026-03-10T12:00:00Z');
    expect(qualityRow(counts(4, 3, 4, 2), 'source-specific', at, 'punch', 'id-1')).toEqual({
      id: 'id-1',
      timestamp: '2026-03-10T12:00:00.000Z',
      geocoding_attempts: 4,
      geocoding_successes: 3,
      geocoding_success_rate: 75,
      validation_attempts: 4,
      validation_passes: 2,
      validation_pass_rate: 50,
      metric_type: 'source-specific',
      source: 'punch',
      status: 'warning',
    });
  });

  it('sums the runs of the trailing hour only', () => {
    const hour = new TrailingHour();
    const t0 = Date.parse('2026-03-10T12:00:00Z');
    hour.add(new Date(t0), counts(10, 10, 10, 10));
    expect(hour.add(new Date(t0 + 30 * 60_000), counts(10, 0, 10, 0))).toEqual(
      counts(20, 10, 20, 10),
    );
    expect(hour.add(new Date(t0 + 60 * 60_000), counts(0, 0, 0, 0))).toEqual(counts(10, 0, 10, 0));
  });
});
