import { describe, expect, it } from 'vitest';
import { describeTrend, trendColumns } from './quality-trend';

describe('trendColumns', () => {
  it('orders points by time, converts to epoch seconds and keeps gaps as null', () => {
    const columns = trendColumns([
      { timestamp: '2026-01-28T02:00:00Z', geocoding_success_rate: 90, validation_pass_rate: null },
      { timestamp: '2026-01-28T01:00:00Z', geocoding_success_rate: 80, validation_pass_rate: 95 },
      { timestamp: 'garbage', geocoding_success_rate: 1, validation_pass_rate: 1 },
    ]);
    expect(columns).toEqual([
      [Date.parse('2026-01-28T01:00:00Z') / 1000, Date.parse('2026-01-28T02:00:00Z') / 1000],
      [80, 90],
      [95, null],
    ]);
  });
});

describe('describeTrend', () => {
  it('summarises first, last and lowest values', () => {
    expect(
      describeTrend([
        {
          timestamp: '2026-01-28T01:00:00Z',
          geocoding_success_rate: 80,
          validation_pass_rate: null,
        },
        {
          timestamp: '2026-01-28T02:00:00Z',
          geocoding_success_rate: 70,
          validation_pass_rate: null,
        },
        {
          timestamp: '2026-01-28T03:00:00Z',
          geocoding_success_rate: 90,
          validation_pass_rate: null,
        },
      ]),
    ).toBe(
      'Trend over 3 hourly points: geocoding success from 80.0% to 90.0% (low 70.0%); validation pass: no data.',
    );
    expect(describeTrend([])).toBe('No quality measurements in the last 24 hours.');
  });
});
