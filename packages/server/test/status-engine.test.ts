import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { StatusDocumentSchema, type StatusDocument } from '@naija-monitor/protocol';
import { openDatabase, type Database } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { createStatusEngine } from '../src/status/status-engine';
import { databaseTargets, describeOnDatabases, type DatabaseTarget } from './support/databases';

// Fixed clock: window = the 24 h before NOW; trend hours 2026-01-27T16:00Z .. 2026-01-28T15:00Z.
const NOW = new Date('2026-01-28T15:30:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const iso = (minutes: number) => ago(minutes).toISOString();

function expectValid(document: StatusDocument): void {
  const errors = [...Value.Errors(StatusDocumentSchema, document)].map(
    (error) => `${error.path}: ${error.message}`,
  );
  expect(errors).toEqual([]);
}

/**
 * Known rows, every number below derived by hand from them:
 * - sources: punch (ok), vanguard (failing), channels (running), premium (never ran),
 *   dailytrust (disabled); punch/dailytrust also have rows older than the window.
 * - runs: R0 30 h ago (outside), R1 2 h ago (partial, error), R2 10 min ago (running, latest).
 */
async function insertKnownRows(database: Database): Promise<{ latestRunId: string }> {
  const { db } = database;
  await db
    .insertInto('sources')
    .values([
      {
        id: 'punch',
        name: 'Punch',
        url: 'https://punchng.com/feed/',
        expected_interval_seconds: 3600,
      },
      {
        id: 'vanguard',
        name: 'Vanguard',
        url: 'https://www.vanguardngr.com/feed/',
        expected_interval_seconds: 1800,
      },
      {
        id: 'channels',
        name: 'Channels TV',
        url: 'https://www.channelstv.com/feed/',
        expected_interval_seconds: 900,
      },
      {
        id: 'premium',
        name: 'Premium Times',
        url: 'https://www.premiumtimesng.com/feed',
        expected_interval_seconds: 3600,
      },
      {
        id: 'dailytrust',
        name: 'Daily Trust',
        url: 'https://dailytrust.com/feed/',
        enabled: false,
      },
    ])
    .execute();
  const runs = await db
    .insertInto('pipeline_runs')
    .values([
      { started_at: ago(30 * 60), finished_at: ago(30 * 60 - 5), state: 'succeeded' },
      {
        started_at: ago(120),
        finished_at: ago(115),
        state: 'partial',
        error: 'extraction crashed on 1 article',
      },
      { started_at: ago(10), state: 'running' },
    ])
    .returning(['id', 'started_at'])
    .execute();
  const [r0, r1, r2] = runs
    .sort((a, b) => a.started_at.getTime() - b.started_at.getTime())
    .map((r) => r.id);
  await db
    .insertInto('run_stages')
    .values([
      // The older run's stages must not show.
      {
        run_id: r1!,
        stage: 'collection',
        state: 'failed',
        items: 1,
        total: 9,
        started_at: ago(120),
        finished_at: ago(119),
      },
      {
        run_id: r2!,
        stage: 'collection',
        state: 'succeeded',
        items: 20,
        total: 20,
        started_at: ago(10),
        finished_at: ago(8),
      },
      {
        run_id: r2!,
        stage: 'processing',
        state: 'succeeded',
        items: 18,
        total: 20,
        started_at: ago(8),
        finished_at: ago(7),
      },
      {
        run_id: r2!,
        stage: 'extraction',
        state: 'running',
        items: 5,
        total: 18,
        started_at: ago(7),
      },
      { run_id: r2!, stage: 'geocoding', state: 'pending', items: 0, total: 0 },
    ])
    .execute();
  const sourceRuns = await db
    .insertInto('source_runs')
    .values([
      {
        run_id: r0!,
        source_id: 'punch',
        state: 'failed',
        started_at: ago(30 * 60),
        error: 'old failure',
      },
      {
        run_id: r0!,
        source_id: 'dailytrust',
        state: 'succeeded',
        started_at: ago(30 * 60),
        finished_at: ago(30 * 60 - 1),
      },
      {
        run_id: r1!,
        source_id: 'punch',
        state: 'succeeded',
        started_at: ago(120),
        finished_at: ago(119.5),
        articles_new: 2,
      },
      {
        run_id: r1!,
        source_id: 'vanguard',
        state: 'failed',
        started_at: ago(120),
        finished_at: ago(119),
        error: 'HTTP 503',
      },
      {
        run_id: r1!,
        source_id: 'channels',
        state: 'empty',
        started_at: ago(120),
        finished_at: ago(119.8),
      },
      {
        run_id: r2!,
        source_id: 'punch',
        state: 'succeeded',
        started_at: ago(9),
        finished_at: ago(8.5),
        articles_new: 1,
      },
      {
        run_id: r2!,
        source_id: 'vanguard',
        state: 'failed',
        started_at: ago(9),
        finished_at: ago(8),
        error: 'HTTP 500 from vanguardngr.com',
      },
      { run_id: r2!, source_id: 'channels', state: 'running', started_at: ago(9) },
    ])
    .returning(['id', 'source_id', 'run_id'])
    .execute();
  const runOf = (source: string, run: string) =>
    sourceRuns.find((r) => r.source_id === source && r.run_id === run)!.id;
  const articles = await db
    .insertInto('articles')
    .values([
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r1!),
        url: 'https://punchng.com/a1',
        title: 'A1',
        fetched_at: ago(119),
        content_hash: 'h1',
      },
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r1!),
        url: 'https://punchng.com/a2',
        title: 'A2',
        fetched_at: ago(119),
        content_hash: 'h2',
      },
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r2!),
        url: 'https://punchng.com/a3',
        title: 'A3',
        fetched_at: ago(8.5),
        content_hash: 'h3',
      },
      {
        source_id: 'punch',
        url: 'https://punchng.com/old',
        title: 'Old',
        fetched_at: ago(30 * 60),
        content_hash: 'h4',
      },
      {
        source_id: 'channels',
        url: 'https://www.channelstv.com/c1',
        title: 'C1',
        fetched_at: ago(60),
        content_hash: 'h5',
      },
      {
        source_id: 'dailytrust',
        url: 'https://dailytrust.com/old',
        title: 'DT',
        fetched_at: ago(30 * 60),
        content_hash: 'h6',
      },
    ])
    .returning(['id'])
    .execute();
  const event = (
    source: string | null,
    minutesAgo: number,
    geocoded: boolean,
    validation: 'pending' | 'passed' | 'needs_review' | 'rejected',
  ) => ({
    source_id: source,
    article_id: source ? articles[0]!.id : null,
    event_date: '2026-01-28',
    event_type: 'armed_clash',
    state: 'Borno',
    geocoded,
    geo_precision: geocoded ? ('lga' as const) : ('none' as const),
    validation_status: validation,
    created_at: ago(minutesAgo),
  });
  await db
    .insertInto('conflict_events')
    .values([
      event('punch', 120, true, 'passed'), // hour 13:00
      event('punch', 119, false, 'rejected'), // hour 13:00
      event('punch', 9, true, 'pending'), // hour 15:00
      event('channels', 60, true, 'passed'), // hour 14:00
      event(null, 180, true, 'passed'), // hour 12:00, no source
      event('punch', 30 * 60, false, 'rejected'), // outside the window and the trend
    ])
    .execute();
  return { latestRunId: r2! };
}

const trendHour = (hour: string) => `2026-01-28T${hour}:00:00.000Z`;

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
    beforeAll(async () => {
      ({ latestRunId } = await insertKnownRows(database));
    });

    it('computes every field from the rows', async () => {
      const engine = createStatusEngine({
        database,
        nodeId: 'node-a',
        now: () => NOW,
      });
      const document = await engine.compute();
      expectValid(document);

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

    it('counts only what falls inside a shorter window', async () => {
      const document = await createStatusEngine({
        database,
        nodeId: 'n',
        now: () => NOW,
        windowHours: 1,
      }).compute();
      expectValid(document);
      // Last hour: R2's source runs (punch ok, vanguard failed, channels running), article a3 and
      // channels' article (60 min ago is on the boundary, inclusive), events at 9 and 60 min.
      expect(document.scraping_health).toMatchObject({
        window_hours: 1,
        articles_collected: 2,
        events_extracted: 2,
        success_rate: 50,
      });
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
      const old = await createStatusEngine({ database, nodeId: 'n', now: () => NOW }).compute();
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
        const document = await createStatusEngine({
          database,
          nodeId: 'n',
          now: () => NOW,
        }).compute();
        expectValid(document);
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

/** A database handle whose connection can be closed and reopened under the engine's feet. */
async function reopenableDatabase(target: DatabaseTarget): Promise<{
  database: Database;
  closeInner(): Promise<void>;
  reopen(): Promise<void>;
  dispose(): Promise<void>;
}> {
  let open: () => Promise<Database>;
  let cleanup: () => Promise<void>;
  let inner: Database;
  if (target.name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'status-engine-'));
    open = () => openDatabase({ dataDir: dir });
    inner = await open();
    await migrate(inner);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const fresh = await target.open();
    inner = fresh.database;
    open = () => openDatabase({ url: fresh.url });
    cleanup = fresh.dispose;
  }
  let closed = false;
  const database: Database = {
    get kind() {
      return inner.kind;
    },
    get db() {
      return inner.db;
    },
    withSession: (work) => inner.withSession(work),
    listen: (channel, onPayload) => inner.listen(channel, onPayload),
    close: () => inner.close(),
  };
  return {
    database,
    async closeInner() {
      closed = true;
      await inner.close();
    },
    async reopen() {
      inner = await open();
      closed = false;
    },
    async dispose() {
      if (!closed) await inner.close();
      await cleanup();
    },
  };
}

describeOnDatabases('status engine when the database fails, on $name', (target) => {
  it(
    'serves the last good data marked stale when the database is closed, and recovers',
    async () => {
      const handle = await reopenableDatabase(target);
      try {
        await insertKnownRows(handle.database);
        let clock = NOW;
        const engine = createStatusEngine({
          database: handle.database,
          nodeId: 'n',
          now: () => clock,
        });
        const good = await engine.compute();
        expect(good.system_health.stale).toBe(false);
        expect(good.overall_status).toBe('degraded');

        await handle.closeInner();
        clock = new Date(NOW.getTime() + 5000);
        const stale = await engine.compute();
        expectValid(stale);
        expect(stale.timestamp).toBe(clock.toISOString());
        expect(stale.system_health.stale).toBe(true);
        expect(stale.system_health.database.reachable).toBe(false);
        expect(stale.system_health.database.query_ms).toBeNull();
        expect(stale.system_health.database.error).toEqual(expect.any(String));
        expect(stale.system_health.database.error).not.toBe('');
        expect(stale.system_health.data_as_of).toBe(NOW.toISOString());
        expect(stale.overall_status).toBe('degraded');
        expect(stale.status).toBe('degraded');
        // The data is the last good data, unchanged.
        expect(stale.scraping_health).toEqual(good.scraping_health);
        expect(stale.data_quality).toEqual(good.data_quality);
        expect(stale.alerts.at(-1)).toMatchObject({
          id: 'status_database_unreachable',
          severity: 'high',
          since: clock.toISOString(),
        });

        // Still failing: same stale data, the failure keeps its start time.
        clock = new Date(NOW.getTime() + 10_000);
        const stillStale = await engine.compute();
        expect(stillStale.system_health.data_as_of).toBe(NOW.toISOString());
        expect(stillStale.alerts.at(-1)?.since).toBe(new Date(NOW.getTime() + 5000).toISOString());

        await handle.reopen();
        clock = new Date(NOW.getTime() + 15_000);
        const recovered = await engine.compute();
        expectValid(recovered);
        expect(recovered.system_health.stale).toBe(false);
        expect(recovered.system_health.database).toMatchObject({ reachable: true, error: null });
        expect(recovered.system_health.data_as_of).toBe(clock.toISOString());
        expect(recovered.alerts.map((a) => a.id)).not.toContain('status_database_unreachable');
        expect(recovered.scraping_health.events_extracted).toBe(5);
      } finally {
        await handle.dispose();
      }
    },
    // PGlite on disk runs initdb and opens twice: slow on a loaded 2-core machine.
    90_000,
  );

  it('is stale and unknown when the database was never readable', async () => {
    const { database, dispose } = await target.open();
    await dispose();
    const document = await createStatusEngine({
      database,
      nodeId: 'n',
      now: () => NOW,
    }).compute();
    expectValid(document);
    expect(document.overall_status).toBe('unknown');
    expect(document.system_health).toMatchObject({
      stale: true,
      data_as_of: null,
      database: { reachable: false, query_ms: null },
    });
    expect(document.scraping_health.total_sources).toBe(0);
  });
});

describe.skipIf(databaseTargets[1]!.skipReason)('status engine through a PostgreSQL outage', () => {
  const baseUrl = process.env.DATABASE_URL!;
  let handle: { database: Database; url: string | undefined; dispose(): Promise<void> };
  let admin: pg.Client;
  let name: string;

  beforeAll(async () => {
    handle = await databaseTargets[1]!.open();
    name = new URL(handle.url!).pathname.slice(1);
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await handle?.dispose();
  });

  it('goes stale while the server refuses connections and recovers on the next call', async () => {
    await insertKnownRows(handle.database);
    const engine = createStatusEngine({ database: handle.database, nodeId: 'n', now: () => NOW });
    expect((await engine.compute()).system_health.stale).toBe(false);

    // A real outage: the server drops every session of this database and refuses new ones.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    const stale = await engine.compute();
    expect(stale.system_health).toMatchObject({ stale: true, database: { reachable: false } });
    expect(stale.overall_status).toBe('degraded');

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const recovered = await engine.compute();
    expect(recovered.system_health).toMatchObject({
      stale: false,
      database: { reachable: true, error: null },
    });
    expect(recovered.scraping_health.events_extracted).toBe(5);
  });

  // Regression: pg-pool leaves a checked-out client without an 'error' listener, so a backend
  // killed mid-query used to surface as an uncaught exception (which vitest reports as a failure).
  it('survives a connection killed in the middle of a query', async () => {
    // Settled into a value at once: the rejection arrives while the test awaits the admin
    // query, and an unobserved rejection at that moment would be reported as unhandled.
    const sleeping = sql`select pg_sleep(5)`.execute(handle.database.db).then(
      () => null,
      (error: unknown) => error,
    );
    await expect
      .poll(async () => {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'select pg_sleep%'",
          [name],
        );
        return rows[0].n;
      })
      .toBe(1);
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'select pg_sleep%'",
      [name],
    );
    expect(await sleeping).toBeInstanceOf(Error);
    // Give the socket's 'end' (the event that used to crash) time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const engine = createStatusEngine({ database: handle.database, nodeId: 'n', now: () => NOW });
    expect((await engine.compute()).system_health.stale).toBe(false);
  });
});

describe('status engine on a database that hangs', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let database: Database | undefined;

  beforeAll(async () => {
    // Accepts connections and never answers: what a wedged database looks like from here.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await database?.close();
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers within its query timeout, stale and unknown', async () => {
    const port = (server.address() as { port: number }).port;
    database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    const started = performance.now();
    const document = await createStatusEngine({
      database,
      nodeId: 'n',
      queryTimeoutMs: 200,
    }).compute();
    const elapsedMs = performance.now() - started;
    expectValid(document);
    expect(document.system_health).toMatchObject({ stale: true, database: { reachable: false } });
    expect(document.system_health.database.error).toMatch(/did not answer within 200 ms/);
    expect(document.overall_status).toBe('unknown');
    // 200 ms for the read plus at most 1 s for the probe; generous for a loaded machine.
    expect(elapsedMs).toBeLessThan(4000);
  });
});
