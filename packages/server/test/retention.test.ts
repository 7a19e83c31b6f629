import type { StatusDocument } from '@naija-monitor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { createStatusIntelligence } from '../src/status/alerts/evaluate-and-record';
import { createStatusEngine } from '../src/status/status-engine';
import { runRetention } from '../src/store/retention';
import {
  MIN_HISTORY_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  type RetentionSettings,
} from '../src/store/retention-policy';
import { describeOnDatabases } from './support/databases';
import { seedPipelineHistory } from './support/seed-intelligence';

/**
 * Data has a lifecycle (issue #13, item 10): a retention pass deletes what is past retention,
 * in batches, and never anything the status document or the detectors read.
 */

const NOW = new Date('2026-03-02T08:00:00Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

/** Every table at its floor: the tightest setting allowed. */
const TIGHTEST: RetentionSettings = {
  articlesDays: MIN_RETENTION_DAYS,
  eventsDays: MIN_RETENTION_DAYS,
  runsDays: MIN_RETENTION_DAYS,
  sourceRunsDays: MIN_RETENTION_DAYS,
  qualityMetricsDays: MIN_RETENTION_DAYS,
  resolvedAlertsDays: MIN_HISTORY_RETENTION_DAYS,
  expiredSilencesDays: MIN_HISTORY_RETENTION_DAYS,
  intervalMs: 3_600_000,
};

/** The document without the figures that change between any two computations. */
function comparable(document: StatusDocument): unknown {
  const { system_health: health, monitor: _monitor, ...rest } = document;
  const {
    memory_rss_bytes: _rss,
    heap_used_bytes: _heap,
    uptime_seconds: _uptime,
    database,
    ...healthRest
  } = health;
  return { ...rest, system_health: { ...healthRest, database: { ...database, query_ms: null } } };
}

async function compute(database: Database): Promise<StatusDocument> {
  // A fresh engine each time: no cached aggregate can hide a deleted row.
  const intelligence = createStatusIntelligence({ database, backgroundRefresh: false });
  const engine = createStatusEngine({
    database,
    nodeId: 'retention-test',
    now: () => NOW,
    evaluateIntelligence: (input) => intelligence.evaluateAndRecord(input),
  });
  return engine.compute();
}

async function oldest(database: Database, table: string, column: string): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`
    SELECT min(${sql.ref(column)}) AS at FROM ${sql.table(table)}`.execute(database.db);
  return rows[0]?.at ?? null;
}

async function count(database: Database, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return rows[0]!.n;
}

describeOnDatabases('retention on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    // 100 days of hourly runs and 150 days of events: well past every floor, plus recent data.
    await seedPipelineHistory(database, {
      now: NOW,
      sources: 4,
      runDays: 100,
      eventDays: 150,
      eventsPerStateDay: 4,
      bornoExtra: 30,
    });
    await sql`
      INSERT INTO data_quality_metrics ("timestamp", geocoding_attempts, geocoding_successes,
        geocoding_success_rate, validation_attempts, validation_passes, validation_pass_rate,
        metric_type, status)
      SELECT ${NOW}::timestamptz - make_interval(hours => h), 100, 90, 90, 100, 95, 95,
        'aggregate', 'healthy'
      FROM generate_series(1, 100 * 24, 6) h`.execute(database.db);
    await sql`
      INSERT INTO alerts (fingerprint, rule, severity, state, title, message, started_at,
        fired_at, resolved_at, updated_at)
      SELECT 'old|' || n, 'source_failing', 'high', 'resolved', 'old', 'old',
        ${daysAgo(30)}, ${daysAgo(30)}, ${daysAgo(29)}, ${daysAgo(29)}
      FROM generate_series(1, 20) n`.execute(database.db);
    await sql`
      INSERT INTO alert_silences (matchers, created_by, comment, starts_at, ends_at, created_at)
      VALUES ('{"source": "src-01"}', 'ops', 'old', ${daysAgo(10)}, ${daysAgo(9)}, ${daysAgo(10)}),
             ('{"source": "src-02"}', 'ops', 'current', ${daysAgo(1)}, ${daysAgo(-1)}, ${daysAgo(1)})`.execute(
      database.db,
    );
  }, 300_000);
  afterAll(async () => dispose?.());

  it('leaves the status document unchanged and deletes every row past retention', async () => {
    const before = await compute(database);
    expect(before.alerts.length).toBeGreaterThan(0);
    expect(before.anomalies.length).toBeGreaterThan(0);
    const counts = {
      events: await count(database, 'conflict_events'),
      articles: await count(database, 'articles'),
      sourceRuns: await count(database, 'source_runs'),
      runs: await count(database, 'pipeline_runs'),
    };

    // Small batches: the loop, not one big statement, does the work.
    const report = await runRetention(database, TIGHTEST, {
      now: NOW,
      batchSize: 997,
      pauseMs: 0,
    });
    expect(report.conflict_events).toBeGreaterThan(997);
    expect(report.articles).toBeGreaterThan(997);
    expect(report.source_runs).toBeGreaterThan(997);
    expect(report.pipeline_runs).toBeGreaterThan(0);
    expect(report.data_quality_metrics).toBeGreaterThan(0);
    expect(report.alerts).toBe(20);
    expect(report.alert_silences).toBe(1);
    expect(await count(database, 'conflict_events')).toBe(counts.events - report.conflict_events);

    const after = await compute(database);
    expect(comparable(after)).toEqual(comparable(before));

    // The tables stop growing: nothing older than retention is left.
    const cutoff = daysAgo(MIN_RETENTION_DAYS);
    expect(
      (await oldest(database, 'conflict_events', 'created_at'))!.getTime(),
    ).toBeGreaterThanOrEqual(cutoff.getTime());
    expect((await oldest(database, 'articles', 'fetched_at'))!.getTime()).toBeGreaterThanOrEqual(
      cutoff.getTime(),
    );
    expect(
      (await oldest(database, 'pipeline_runs', 'started_at'))!.getTime(),
    ).toBeGreaterThanOrEqual(cutoff.getTime());
    expect((await oldest(database, 'source_runs', 'started_at'))!.getTime()).toBeGreaterThanOrEqual(
      cutoff.getTime(),
    );
    expect(
      (await oldest(database, 'data_quality_metrics', 'timestamp'))!.getTime(),
    ).toBeGreaterThanOrEqual(cutoff.getTime());
    expect(await count(database, 'alert_silences')).toBe(1);
    expect(await count(database, 'articles')).toBeLessThan(counts.articles);
    expect(await count(database, 'source_runs')).toBeLessThan(counts.sourceRuns);
    expect(await count(database, 'pipeline_runs')).toBeLessThan(counts.runs);

    // A second pass finds nothing more.
    const again = await runRetention(database, TIGHTEST, { now: NOW });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  }, 300_000);

  it("keeps the newest runs and each source's newest run at any age", async () => {
    // A pipeline that stopped long ago: its last runs are what the document shows.
    const later = new Date(NOW.getTime() + 400 * DAY_MS);
    await runRetention(database, TIGHTEST, { now: later, pauseMs: 0 });
    expect(await count(database, 'pipeline_runs')).toBe(50);
    const { rows } = await sql<{ sources: number; runs: number }>`
        SELECT count(DISTINCT source_id)::int AS sources, count(*)::int AS runs FROM source_runs`.execute(
      database.db,
    );
    expect(rows[0]!.sources).toBe(4);
    expect(await count(database, 'conflict_events')).toBe(0);
    expect(await count(database, 'articles')).toBe(0);
  }, 300_000);
});

describe('retention settings', () => {
  it('has documented defaults and accepts 0 (keep for ever)', () => {
    const config = loadConfig({ RETENTION_EVENTS_DAYS: '0' });
    expect(config.retention).toEqual({
      articlesDays: 90,
      eventsDays: 0,
      runsDays: 90,
      sourceRunsDays: 90,
      qualityMetricsDays: 90,
      resolvedAlertsDays: 180,
      expiredSilencesDays: 30,
      intervalMs: 3_600_000,
    });
  });

  it('refuses a setting below the longest look-back, naming the variable', () => {
    expect(MIN_RETENTION_DAYS).toBeGreaterThan(57);
    let error: unknown;
    try {
      loadConfig({ RETENTION_SOURCE_RUNS_DAYS: String(MIN_RETENTION_DAYS - 1) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('RETENTION_SOURCE_RUNS_DAYS');
    expect((error as Error).message).toContain(`at least ${MIN_RETENTION_DAYS} days`);
    expect(() => loadConfig({ RETENTION_ARTICLES_DAYS: 'soon' })).toThrow(
      /RETENTION_ARTICLES_DAYS/,
    );
    expect(loadConfig({ RETENTION_RESOLVED_ALERTS_DAYS: '1' }).retention.resolvedAlertsDays).toBe(
      1,
    );
  });
});
