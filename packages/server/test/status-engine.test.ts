import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusDocument } from '@naija-monitor/protocol';
import type { Database } from '../src/db/connection';
import { createStatusEngine } from '../src/status/status-engine';
import { describeOnDatabases } from './support/databases';
import {
  NOW,
  ago,
  computeValid,
  expectValid,
  insertKnownRows,
  iso,
} from './support/known-status-rows';

// The status engine's fields from known rows, one concern per test: counts and sources, the
// latest run's stages, alerts and the roll-up, system health. Data quality is in
// status-engine-quality.test.ts, failures in status-engine-failures.test.ts.
describeOnDatabases('status engine on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it('is unknown on an empty database, with every count zero', async () => {
    const document = await createStatusEngine({
      database,
      nodeId: 'node-a',
      now: () => NOW,
    }).compute();
    expectValid(document);
    expect(document.overall_status).toBe('unknown');
    expect(document.status).toBe('unknown');
    expect(document.last_run).toBeNull();
    expect(document.scraping_health).toEqual({
      sources_processed: 0,
      total_sources: 0,
      articles_collected: 0,
      events_extracted: 0,
      failed_sources: 0,
      success_rate: null,
      last_run: null,
      last_error: null,
      window_hours: 24,
      sources: [],
    });
    expect(document.data_quality).toMatchObject({
      basis: 'none',
      status: 'pending',
      geocoding_success_rate: null,
      validation_pass_rate: null,
      measured_at: null,
    });
    expect(document.data_quality.trend).toHaveLength(24);
    expect(document.pipeline_stages.map((s) => [s.name, s.state, s.run_id])).toEqual([
      ['collection', 'unknown', null],
      ['processing', 'unknown', null],
      ['extraction', 'unknown', null],
      ['geocoding', 'unknown', null],
      ['validation', 'unknown', null],
    ]);
    expect(document.anomalies).toEqual([]);
    expect(document.alerts).toEqual([]);
    expect(document.system_health).toMatchObject({
      database: { reachable: true, kind: target.name, error: null },
      stale: false,
      data_as_of: NOW.toISOString(),
      node_id: 'node-a',
    });
  });

  describe('with known rows', () => {
    let latestRunId: string;
    let document: StatusDocument;
    beforeAll(async () => {
      ({ latestRunId } = await insertKnownRows(database));
      document = await computeValid(database, { nodeId: 'node-a' });
    });

    it('counts runs, articles and events of the window, in total and per source', () => {
      expect(document.timestamp).toBe(NOW.toISOString());
      expect(document.last_run).toBe(iso(10));
      const { sources, ...totals } = document.scraping_health;
      expect(totals).toEqual({
        sources_processed: 3, // punch, vanguard, channels in R2
        total_sources: 4, // dailytrust is disabled
        articles_collected: 4, // 3 punch + 1 channels in the window
        events_extracted: 5, // 3 punch + 1 channels + 1 without source
        failed_sources: 1, // vanguard
        success_rate: 60, // 3 succeeded/empty of 5 finished in the window
        last_run: iso(10),
        last_error: 'HTTP 500 from vanguardngr.com', // newer than R1's error
        window_hours: 24,
      });
      expect(sources).toEqual([
        {
          id: 'channels',
          name: 'Channels TV',
          enabled: true,
          state: 'running',
          last_run: iso(9),
          last_success: iso(119.8),
          last_error: null,
          runs: 2,
          success_rate: 100,
          articles_collected: 1,
          events_extracted: 1,
          expected_interval_seconds: 900,
        },
        {
          id: 'dailytrust',
          name: 'Daily Trust',
          enabled: false,
          state: 'disabled',
          last_run: iso(30 * 60),
          last_success: iso(30 * 60 - 1),
          last_error: null,
          runs: 0,
          success_rate: null,
          articles_collected: 0,
          events_extracted: 0,
          expected_interval_seconds: 3600,
        },
        {
          id: 'premium',
          name: 'Premium Times',
          enabled: true,
          state: 'never_run',
          last_run: null,
          last_success: null,
          last_error: null,
          runs: 0,
          success_rate: null,
          articles_collected: 0,
          events_extracted: 0,
          expected_interval_seconds: 3600,
        },
        {
          id: 'punch',
          name: 'Punch',
          enabled: true,
          state: 'ok',
          last_run: iso(9),
          last_success: iso(8.5),
          last_error: null, // 'old failure' is outside the window
          runs: 2,
          success_rate: 100,
          articles_collected: 3,
          events_extracted: 3,
          expected_interval_seconds: 3600,
        },
        {
          id: 'vanguard',
          name: 'Vanguard',
          enabled: true,
          state: 'failing',
          last_run: iso(9),
          last_success: null,
          last_error: 'HTTP 500 from vanguardngr.com',
          runs: 2,
          success_rate: 0,
          articles_collected: 0,
          events_extracted: 0,
          expected_interval_seconds: 1800,
        },
      ]);
    });

    it('counts only what falls inside a shorter window', async () => {
      const document = await computeValid(database, { windowHours: 1 });
      // Last hour: R2's source runs (punch ok, vanguard failed, channels running), article a3 and
      // channels' article (60 min ago is on the boundary, inclusive), events at 9 and 60 min.
      expect(document.scraping_health).toMatchObject({
        window_hours: 1,
        articles_collected: 2,
        events_extracted: 2,
        success_rate: 50,
      });
    });

    it('shows the stages of the latest run', () => {
      expect(document.pipeline_stages).toEqual([
        {
          name: 'collection',
          state: 'succeeded',
          items: 20,
          total: 20,
          duration_ms: 120_000,
          run_id: latestRunId,
        },
        {
          name: 'processing',
          state: 'succeeded',
          items: 18,
          total: 20,
          duration_ms: 60_000,
          run_id: latestRunId,
        },
        {
          name: 'extraction',
          state: 'running',
          items: 5,
          total: 18,
          duration_ms: 420_000,
          run_id: latestRunId,
        },
        {
          name: 'geocoding',
          state: 'pending',
          items: 0,
          total: 0,
          duration_ms: null,
          run_id: latestRunId,
        },
        {
          name: 'validation',
          state: 'unknown',
          items: 0,
          total: 0,
          duration_ms: null,
          run_id: latestRunId,
        },
      ]);
    });

    it('raises the alerts the rows call for and rolls them up to degraded', () => {
      expect(document.anomalies).toEqual([]);
      expect(document.alerts.map((a) => [a.id, a.severity, a.message, a.timestamp])).toEqual([
        ['source_failed:vanguard', 'high', 'HTTP 500 from vanguardngr.com', iso(8)],
        [
          'data_quality_low',
          'medium',
          'Geocoding 80%, validation 75% (from the extracted events)',
          NOW.toISOString(),
        ],
      ]);
      // A failing source and slipping quality degrade; nothing makes it unhealthy.
      expect(document.overall_status).toBe('degraded');
      expect(document.status).toBe('degraded');
    });

    it('reports the database it read and when, and leaves monitor to the fan-out', () => {
      expect(document.system_health.database).toMatchObject({
        reachable: true,
        kind: target.name,
        error: null,
      });
      expect(document.system_health.database.query_ms).toBeGreaterThan(0);
      expect(document.system_health.stale).toBe(false);
      expect(document.system_health.data_as_of).toBe(NOW.toISOString());
      expect(document.system_health.memory_rss_bytes).toBeGreaterThan(0);
      expect(document.system_health.heap_used_bytes).toBeGreaterThan(0);
      expect(document.system_health.node_id).toBe('node-a');
      // The process's live figures are set at fan-out (prepared-update), not by the engine.
      expect(document.monitor).toBeUndefined();
    });

    it('moves with the data: a failed latest run makes it unhealthy', async () => {
      const engine = createStatusEngine({ database, nodeId: 'n', now: () => NOW });
      expect((await engine.compute()).overall_status).toBe('degraded');
      await database.db
        .updateTable('pipeline_runs')
        .set({ state: 'failed', error: 'scheduler killed the run', finished_at: ago(1) })
        .where('id', '=', latestRunId)
        .execute();
      try {
        const document = await engine.compute();
        expectValid(document);
        expect(document.overall_status).toBe('unhealthy');
        expect(document.alerts[0]).toMatchObject({
          id: `pipeline_run_failed:${latestRunId}`,
          severity: 'high',
          message: 'scheduler killed the run',
          timestamp: iso(1),
        });
      } finally {
        await database.db
          .updateTable('pipeline_runs')
          .set({ state: 'running', error: null, finished_at: null })
          .where('id', '=', latestRunId)
          .execute();
      }
    });
  });
});
