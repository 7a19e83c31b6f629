/**
 * Times one retention pass over 1 M conflict events on PostgreSQL (issue #13, item 10):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/retention.ts [--events N]
 *
 * Creates its own database `bench_retention_<pid>` (dropped at the end), seeds the bench's
 * pipeline history with N events spread over 90 days (`db/seed-pipeline.ts`), then runs one
 * pass with every table at its floor (`MIN_RETENTION_DAYS`): about a third of the events are
 * past it. Meanwhile a writer inserts one event every 50 ms and records how long each insert
 * took, which shows whether the batched deletes hold locks that stall ingest.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  migrate,
  MIN_HISTORY_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  openDatabase,
  runRetention,
  type RetentionSettings,
} from '@naija-monitor/server';
import { createScratchDatabase } from './db/scratch-postgres';
import { seedPipeline } from './db/seed-pipeline';
import { describeMachine } from './machine';
import { summarize } from './stats';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' } },
});
const events = Number(values.events);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (line: string) => console.log(line);
/** Every table at its floor: the tightest retention the server accepts. */
const AT_FLOOR: RetentionSettings = {
  articlesDays: MIN_RETENTION_DAYS,
  eventsDays: MIN_RETENTION_DAYS,
  runsDays: MIN_RETENTION_DAYS,
  sourceRunsDays: MIN_RETENTION_DAYS,
  qualityMetricsDays: MIN_RETENTION_DAYS,
  resolvedAlertsDays: MIN_HISTORY_RETENTION_DAYS,
  expiredSilencesDays: MIN_HISTORY_RETENTION_DAYS,
  intervalMs: 3_600_000,
};

const scratch = await createScratchDatabase(adminUrl, 'retention');
const database = await openDatabase({ url: scratch.url, statementTimeoutMs: 600_000 });
try {
  await migrate(database);
  let started = performance.now();
  await seedPipeline(database, { events });
  log(`seeded ${events} events in ${Math.round(performance.now() - started)} ms`);

  const cutoffSql = `now() - interval '${MIN_RETENTION_DAYS} days'`;
  const countOld = async () =>
    (
      await database.withSession((s) =>
        s.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM conflict_events WHERE created_at < ${cutoffSql}`,
        ),
      )
    )[0]!.n;
  const plan = await database.withSession((s) =>
    s.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN DELETE FROM conflict_events WHERE id = ANY (ARRAY(
         SELECT id FROM conflict_events
         WHERE created_at < ${cutoffSql} AND event_date < (${cutoffSql})::date
         ORDER BY created_at LIMIT 5000))`,
    ),
  );
  log(`plan of one batch:\n${plan.map((row) => `  ${row['QUERY PLAN']}`).join('\n')}`);
  const oldBefore = await countOld();

  // A writer beside the pass, as the pipeline's ingest would be.
  const insertMs: number[] = [];
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const t0 = performance.now();
      await database.withSession((s) =>
        s.query(
          `INSERT INTO conflict_events (source_id, event_date, event_type, state) VALUES ('source-1', current_date, 'attack', 'Borno')`,
        ),
      );
      insertMs.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  started = performance.now();
  const report = await runRetention(database, AT_FLOOR);
  const passMs = performance.now() - started;
  writing = false;
  await writer;
  started = performance.now();
  const again = await runRetention(database, AT_FLOOR);
  const idleMs = performance.now() - started;
  const inserts = summarize(insertMs);
  const result = {
    machine: describeMachine(),
    events,
    oldEventsBefore: oldBefore,
    oldEventsAfter: await countOld(),
    deleted: report,
    passMs: Math.round(passMs),
    eventsDeletedPerSecond: Math.round(report.conflict_events / (passMs / 1000)),
    nextPassMs: Math.round(idleMs),
    nextPassDeleted: Object.values(again).reduce((sum, n) => sum + n, 0),
    concurrentInsertMs: inserts,
  };
  log(JSON.stringify(result, null, 2));
} finally {
  await database.close();
  await scratch.drop();
}
