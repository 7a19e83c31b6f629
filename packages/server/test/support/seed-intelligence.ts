import { sql } from 'kysely';
import type { Database } from '../../src/db/connection';

/** Options of {@link seedPipelineHistory}. */
export interface SeedOptions {
  /** The clock of the seeded world. */
  now: Date;
  /** @default 20 */
  sources?: number;
  /** Days of hourly runs (source runs and articles). @default 14 */
  runDays?: number;
  /** Days of conflict events. @default 60 */
  eventDays?: number;
  /** Events per state per day, roughly. @default 10 */
  eventsPerStateDay?: number;
  /** This source's fetches fail for the last 10 hours. @default 'src-03' */
  failingSource?: string | null;
  /** Extra events in Borno yesterday (a spike). @default 0 */
  bornoExtra?: number;
}

const STATES = [
  'Borno',
  'Zamfara',
  'Kaduna',
  'Benue',
  'Kano',
  'Lagos',
  'Plateau',
  'Sokoto',
  'Katsina',
  'Niger',
];

/**
 * Seeds a realistic history with set-based SQL (fast on both engines): sources, hourly runs
 * with a source run and an article per source, and daily conflict events per state spread over
 * the sources, optionally with a failing source and a Borno spike yesterday.
 */
export async function seedPipelineHistory(database: Database, options: SeedOptions): Promise<void> {
  const db = database.db;
  const now = options.now;
  const sources = options.sources ?? 20;
  const runDays = options.runDays ?? 14;
  const eventDays = options.eventDays ?? 60;
  const perDay = options.eventsPerStateDay ?? 10;
  const failing = options.failingSource === undefined ? 'src-03' : options.failingSource;
  const failSince = new Date(now.getTime() - 10 * 3_600_000);

  await sql`
    INSERT INTO sources (id, name, url, expected_interval_seconds, created_at)
    SELECT 'src-' || lpad(i::text, 2, '0'), 'Source ' || i, 'https://example.com/feed/' || i, 3600,
      ${now}::timestamptz - interval '90 days'
    FROM generate_series(1, ${sources}::int) i`.execute(db);
  await sql`
    INSERT INTO pipeline_runs (started_at, finished_at, state, trigger)
    SELECT ${now}::timestamptz - make_interval(hours => h), ${now}::timestamptz - make_interval(hours => h) + interval '2 minutes',
      'succeeded', 'schedule'
    FROM generate_series(1, ${runDays * 24}::int) h`.execute(db);
  await sql`
    INSERT INTO source_runs (run_id, source_id, state, started_at, finished_at, duration_ms, entries_seen,
      articles_found, articles_new, error)
    SELECT r.id, s.id,
      CASE WHEN s.id = ${failing} AND r.started_at > ${failSince} THEN 'failed' ELSE 'succeeded' END,
      r.started_at + interval '5 seconds', r.started_at + interval '7 seconds', 2000,
      CASE WHEN s.id = ${failing} AND r.started_at > ${failSince} THEN 0 ELSE 30 END,
      CASE WHEN s.id = ${failing} AND r.started_at > ${failSince} THEN 0 ELSE 30 END,
      CASE WHEN s.id = ${failing} AND r.started_at > ${failSince} THEN 0 ELSE 1 + abs(hashtext(r.id::text || s.id)) % 3 END,
      CASE WHEN s.id = ${failing} AND r.started_at > ${failSince} THEN 'HTTP 503 Service Unavailable' END
    FROM pipeline_runs r CROSS JOIN sources s`.execute(db);
  await sql`
    INSERT INTO articles (source_id, source_run_id, url, title, fetched_at, content_hash)
    SELECT sr.source_id, sr.id, 'https://example.com/a/' || sr.id || '/' || k, 'Article ' || k,
      sr.started_at + interval '6 seconds', md5(sr.id::text || k)
    FROM source_runs sr, generate_series(1, sr.articles_new) k`.execute(db);
  const today = new Date(now.getTime() + 3_600_000).toISOString().slice(0, 10);
  await sql`
    INSERT INTO conflict_events (source_id, event_date, event_type, state, geocoded, geo_precision,
      validation_status, created_at)
    SELECT 'src-' || lpad((1 + (n + abs(hashtext(st))) % ${sources}::int)::text, 2, '0'), d::date, 'armed_attack', st,
      n % 12 <> 0, CASE WHEN n % 12 = 0 THEN 'none' WHEN n % 5 = 0 THEN 'state' ELSE 'lga' END,
      CASE WHEN n % 9 = 0 THEN 'rejected' ELSE 'passed' END,
      d + interval '13 hours' + make_interval(mins => n)
    FROM generate_series(${today}::date - ${eventDays}::int, ${today}::date - 1, interval '1 day') d,
      unnest(${sql.val(STATES)}::text[]) st,
      generate_series(1, ${perDay}::int - 2 + abs(hashtext(st || d::text)) % 5) n`.execute(db);
  if (options.bornoExtra) {
    await sql`
      INSERT INTO conflict_events (source_id, event_date, event_type, state, geocoded, geo_precision, validation_status, created_at)
      SELECT 'src-' || lpad((1 + n % ${sources}::int)::text, 2, '0'), ${today}::date - 1, 'armed_attack', 'Borno', true, 'lga',
        'passed', ${today}::date - 1 + interval '14 hours'
      FROM generate_series(1, ${options.bornoExtra}::int) n`.execute(db);
  }
}
