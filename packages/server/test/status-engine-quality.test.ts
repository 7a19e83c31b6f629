import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { describeOnDatabases } from './support/databases';
import {
  NOW,
  ago,
  computeValid,
  insertKnownRows,
  iso,
  trendHour,
} from './support/known-status-rows';

// The status document's data_quality from known rows: computed from the events of the window
// until the pipeline writes aggregate data_quality_metrics rows, then read from the newest.
describeOnDatabases('status engine data quality on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await insertKnownRows(database);
  });
  afterAll(async () => dispose?.());

  it('computes quality and its hourly trend from the events of the window', async () => {
    const document = await computeValid(database);
    // No data_quality_metrics rows: computed from the 5 events in the window.
    const { trend, ...quality } = document.data_quality;
    expect(quality).toEqual({
      geocoding_success_rate: 80, // 4 of 5 geocoded
      validation_pass_rate: 75, // 3 passed of 4 with a verdict
      status: 'warning', // 75 < 80
      basis: 'events',
      measured_at: NOW.toISOString(),
      geocoding_attempts: 5,
      geocoding_successes: 4,
      validation_attempts: 4,
      validation_passes: 3,
    });
    expect(trend).toHaveLength(24);
    expect(trend[0]!.timestamp).toBe('2026-01-27T16:00:00.000Z');
    expect(trend.filter((p) => p.geocoding_success_rate !== null)).toEqual([
      { timestamp: trendHour('12'), geocoding_success_rate: 100, validation_pass_rate: 100 },
      { timestamp: trendHour('13'), geocoding_success_rate: 50, validation_pass_rate: 50 },
      { timestamp: trendHour('14'), geocoding_success_rate: 100, validation_pass_rate: 100 },
      { timestamp: trendHour('15'), geocoding_success_rate: 100, validation_pass_rate: null },
    ]);
  });

  it('counts only the events inside a shorter window', async () => {
    const document = await computeValid(database, { windowHours: 1 });
    expect(document.data_quality).toMatchObject({
      basis: 'events',
      geocoding_attempts: 2,
      validation_attempts: 1,
    });
  });

  it('uses the newest aggregate data_quality_metrics row once there is one', async () => {
    // An aggregate row older than the 30-day lookback no longer stands for current quality.
    await database.db
      .insertInto('data_quality_metrics')
      .values({
        timestamp: ago(31 * 24 * 60),
        metric_type: 'aggregate',
        geocoding_attempts: 10,
        geocoding_successes: 1,
        geocoding_success_rate: 10,
        status: 'error',
      })
      .execute();
    const old = await computeValid(database);
    expect(old.data_quality).toMatchObject({ basis: 'events', geocoding_success_rate: 80 });

    await database.db
      .insertInto('data_quality_metrics')
      .values([
        {
          timestamp: ago(180),
          metric_type: 'aggregate',
          geocoding_attempts: 10,
          geocoding_successes: 8,
          geocoding_success_rate: 80,
          validation_attempts: 10,
          validation_passes: 9,
          validation_pass_rate: 90,
          status: 'healthy',
        },
        {
          timestamp: ago(60),
          metric_type: 'aggregate',
          geocoding_attempts: 20,
          geocoding_successes: 19,
          geocoding_success_rate: 95,
          validation_attempts: 20,
          validation_passes: 18,
          validation_pass_rate: 90,
          status: 'healthy',
        },
        // Newer, but not aggregate rows: ignored.
        {
          timestamp: ago(5),
          metric_type: 'source-specific',
          source: 'punch',
          geocoding_attempts: 10,
          geocoding_successes: 1,
          geocoding_success_rate: 10,
          status: 'error',
        },
        {
          timestamp: ago(5),
          metric_type: 'hourly',
          geocoding_attempts: 10,
          geocoding_successes: 2,
          geocoding_success_rate: 20,
          status: 'error',
        },
      ])
      .execute();
    try {
      const document = await computeValid(database);
      const { trend, ...quality } = document.data_quality;
      expect(quality).toEqual({
        geocoding_success_rate: 95,
        validation_pass_rate: 90,
        status: 'healthy',
        basis: 'metrics',
        measured_at: iso(60),
        geocoding_attempts: 20,
        geocoding_successes: 19,
        validation_attempts: 20,
        validation_passes: 18,
      });
      expect(trend.filter((p) => p.geocoding_success_rate !== null)).toEqual([
        { timestamp: trendHour('12'), geocoding_success_rate: 80, validation_pass_rate: 90 },
        { timestamp: trendHour('14'), geocoding_success_rate: 95, validation_pass_rate: 90 },
      ]);
      expect(document.alerts.map((a) => a.id)).toEqual(['source_failed:vanguard']);
      // Still degraded: vanguard keeps failing.
      expect(document.overall_status).toBe('degraded');
    } finally {
      await database.db.deleteFrom('data_quality_metrics').execute();
    }
  });
});
