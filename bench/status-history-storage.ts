/**
 * What the status history (issue #16) costs on disk per day at the default cadence
 * (BROADCAST_INTERVAL 5 s = 17 280 publications a day). Runs the real status engine and alert
 * intelligence on a simulated clock over a seeded PostgreSQL database (bench/db/seed-pipeline:
 * 8 hourly sources, 10 000 events), with an hourly pipeline run adding runs, articles and events
 * like the demo, and records every publication through the real recorder (dedup, segments,
 * merge patches). Then reads `pg_total_relation_size('status_history')` and scales to a day.
 *
 *   npx tsx bench/status-history-storage.ts [--hours=2] [--postgres=URL]
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { MonitorHealth } from '@naija-monitor/protocol';
import {
  createStatusEngine,
  createStatusIntelligence,
  migrate,
  openDatabase,
  StatusHistory,
  StatusHistoryStore,
} from '@naija-monitor/server';
import { createScratchDatabase } from './db/scratch-postgres';
import { seedPipeline } from './db/seed-pipeline';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '2' },
    postgres: {
      type: 'string',
      default: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
});
const hours = Number(values.hours);
const INTERVAL_MS = 5000;
const publications = Math.round((hours * 3_600_000) / INTERVAL_MS);

const scratch = await createScratchDatabase(values.postgres, 'history');
const database = await openDatabase({ url: scratch.url });
try {
  await migrate(database);
  await seedPipeline(database, { events: 10_000 });
  const log = pino({ level: 'silent' });
  const start = Date.now();
  let clock = start;
  const now = () => new Date(clock);
  let messages = 0;
  // The monitor's own figures change with every publication, as on a live server.
  const monitor = (): MonitorHealth => ({
    connections: {
      websocket: 180 + (messages % 40),
      sse: 12,
      total: 192 + (messages % 40),
      max: 19000,
    },
    broadcast_ms: Math.round(Math.random() * 300) / 100,
    status_compute_ms: Math.round(Math.random() * 4000) / 100,
    event_loop_lag_ms: Math.round(Math.random() * 200) / 100,
    messages_sent: (messages += 200),
  });
  const intelligence = createStatusIntelligence({ database, log, backgroundRefresh: false });
  const engine = createStatusEngine({
    database,
    nodeId: 'bench-node',
    now,
    evaluateIntelligence: (input) => intelligence.evaluateAndRecord(input),
  });
  const store = new StatusHistoryStore(database.db);
  const history = new StatusHistory({ store, log, retentionDays: 7, now });
  const sizeBefore = await relationSize();
  let nextRunAt = start + 60_000;
  for (let i = 0; i < publications; i += 1) {
    clock = start + i * INTERVAL_MS;
    if (clock >= nextRunAt) {
      await hourlyRun(new Date(clock), i);
      nextRunAt += 3_600_000;
      process.stderr.write(
        `simulated ${((clock - start) / 3_600_000).toFixed(1)} h: ${JSON.stringify(history.counts)}\n`,
      );
    }
    const document = { ...(await engine.compute()), monitor: monitor() };
    history.record({
      seq: start + i,
      publishedAt: new Date(clock),
      documentJson: JSON.stringify(document),
    });
    await history.flush();
  }
  await database.withSession((s) => s.exec('VACUUM ANALYZE status_history'));
  const bytes = (await relationSize()) - sizeBefore;
  const rows = await database.withSession((s) =>
    s.query<{ kind: string; n: number; body_bytes: number }>(
      `SELECT kind, count(*)::int AS n, sum(pg_column_size(body))::int AS body_bytes
       FROM status_history GROUP BY kind ORDER BY kind`,
    ),
  );
  const perDay = (value: number) => (value * 86_400_000) / (publications * INTERVAL_MS);
  console.log(
    JSON.stringify(
      {
        simulated_hours: hours,
        publications,
        counts: history.counts,
        rows,
        bytes_total_relation: bytes,
        mb_per_day: Math.round((perDay(bytes) / 1e6) * 100) / 100,
        stored_per_day: Math.round(perDay(history.counts.stored)),
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
  await scratch.drop();
}

async function relationSize(): Promise<number> {
  const [row] = await database.withSession((s) =>
    s.query<{ size: number }>("SELECT pg_total_relation_size('status_history')::int8 AS size"),
  );
  return Number(row!.size);
}

/** One pipeline run at `at`, like the demo's: every source, new articles and events. */
async function hourlyRun(at: Date, n: number): Promise<void> {
  await database.withSession((s) =>
    s.query(
      `WITH run AS (
         INSERT INTO pipeline_runs (started_at, finished_at, state, trigger)
         VALUES ($1::timestamptz, $1::timestamptz + interval '4 minutes', 'succeeded', 'schedule') RETURNING id, started_at, finished_at
       ), stages AS (
         INSERT INTO run_stages (run_id, stage, state, items, total, started_at, finished_at)
         SELECT run.id, stage, 'succeeded', 38 + $2::int % 5, 42, run.started_at, run.finished_at
         FROM run CROSS JOIN unnest(ARRAY['collection', 'processing', 'extraction', 'geocoding', 'validation']) AS stage
       ), sruns AS (
         INSERT INTO source_runs (run_id, source_id, state, started_at, finished_at, duration_ms,
                                  entries_seen, articles_found, articles_new, duplicates, error)
         SELECT run.id, s.id, CASE WHEN s.id = 'source-8' THEN 'failed' ELSE 'succeeded' END,
                run.started_at, run.finished_at, 900, 30, 12, 6, 6,
                CASE WHEN s.id = 'source-8' THEN 'HTTP 503 from feed' END
         FROM run CROSS JOIN sources s
       ), arts AS (
         INSERT INTO articles (source_id, url, title, published_at, fetched_at, content_hash)
         SELECT 'source-' || (1 + i % 7), 'https://news.example.org/h/' || $2::int || '/' || i, 'Article ' || i,
                $1::timestamptz, $1::timestamptz + interval '2 minutes', md5($2::int || '-' || i)
         FROM generate_series(1, 20) AS i
       )
       INSERT INTO conflict_events (source_id, event_date, event_type, state, lga, fatalities, geocoded,
                                    geo_precision, validation_status, created_at)
       SELECT 'source-' || (1 + i % 7), $1::date, 'clash', (ARRAY['Borno','Kaduna','Zamfara','Benue'])[1 + i % 4],
              'LGA ' || i, i % 3, true, 'lga', 'passed', $1::timestamptz + interval '3 minutes'
       FROM generate_series(1, 6) AS i`,
      [at.toISOString(), n],
    ),
  );
}
