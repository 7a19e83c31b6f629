import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { createStatusEngine } from '../src/status/status-engine';
import { trendStart } from '../src/status/data-quality';
import { statusRowsQuery } from '../src/store/status-queries';
import { databaseTargets, describeOn } from './support/databases';

/**
 * The status read at scale on PostgreSQL: 30 days of runs (20 sources every 15 min) and `EVENTS`
 * articles and events spread evenly over `DAYS` days. Checks the counts and that the plan stays on the
 * indexes; prints the compute time (a figure to report, not asserted: the machine is shared).
 * `STATUS_SCALE_EVENTS=1000000` for the 1M check; `STATUS_SCALE_PLAN=1` prints the full plan.
 */
const EVENTS = Number(process.env.STATUS_SCALE_EVENTS ?? 100_000);
/** Days the articles and events are spread over (runs always cover 30 days). */
const DAYS = Number(process.env.STATUS_SCALE_DAYS ?? 30);
/** `STATUS_SCALE_TARGET=pglite` measures the embedded database instead (not run by default). */
const target = databaseTargets.find(
  (candidate) => candidate.name === (process.env.STATUS_SCALE_TARGET ?? 'postgres'),
)!;

async function seed(database: Database, events: number): Promise<void> {
  await database.withSession(async (session) => {
    // Seeding is bulk work, not a status read: lift the pool's 5 s statement timeout here.
    await session.exec('SET statement_timeout = 0');
    await session.exec(`
      INSERT INTO sources (id, name, url, expected_interval_seconds)
        SELECT 'src' || i, 'Source ' || i, 'https://example.ng/' || i, 900 FROM generate_series(1, 20) i;
      -- A source that went silent 29 days ago: finding its latest run must not walk the history.
      INSERT INTO sources (id, name, url, expected_interval_seconds) VALUES ('silent', 'Silent', 'https://example.ng/s', 900);
      INSERT INTO pipeline_runs (started_at, finished_at, state)
        SELECT now() - i * interval '15 minutes', now() - i * interval '15 minutes' + interval '2 minutes', 'succeeded'
        FROM generate_series(1, 2880) i;
      INSERT INTO source_runs (run_id, source_id, state, started_at, finished_at, articles_new, error)
        SELECT r.id, s.id, f.state, r.started_at, r.finished_at, 2,
               CASE WHEN f.state = 'failed' THEN 'HTTP 502' END
        FROM pipeline_runs r CROSS JOIN sources s
        CROSS JOIN LATERAL (SELECT CASE WHEN hashtext(r.id::text || s.id) % 20 = 0 THEN 'failed' ELSE 'succeeded' END AS state) f
        WHERE s.id <> 'silent' OR r.started_at < now() - interval '29 days';
      INSERT INTO run_stages (run_id, stage, state, items, total, started_at, finished_at)
        SELECT r.id, st, 'succeeded', 40, 40, r.started_at, r.finished_at
        FROM pipeline_runs r
        CROSS JOIN unnest(ARRAY['collection', 'processing', 'extraction', 'geocoding', 'validation']) st;
      INSERT INTO data_quality_metrics ("timestamp", geocoding_attempts, geocoding_successes, geocoding_success_rate,
                                        validation_attempts, validation_passes, validation_pass_rate, metric_type, status)
        SELECT now() - i * interval '1 hour', 100, 90, 90, 100, 85, 85, 'aggregate', 'healthy'
        FROM generate_series(1, 720) i;
    `);
    await session.query(
      `INSERT INTO articles (source_id, url, title, fetched_at, content_hash)
         SELECT 'src' || (1 + i % 20), 'https://example.ng/a/' || i, 'Article ' || i,
                now() - i * ($2::int * interval '1 day' / $1::int), md5(i::text)
         FROM generate_series(1, $1::int) i`,
      [events, DAYS],
    );
    await session.query(
      `INSERT INTO conflict_events (source_id, event_date, event_type, state, geocoded, geo_precision,
                                    validation_status, created_at)
         SELECT 'src' || (1 + i % 20), (now() - i * ($2::int * interval '1 day' / $1::int))::date, 'armed_clash', 'Borno',
                i % 10 <> 0, CASE WHEN i % 10 <> 0 THEN 'lga' ELSE 'none' END,
                CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'rejected' ELSE 'passed' END,
                now() - i * ($2::int * interval '1 day' / $1::int)
         FROM generate_series(1, $1::int) i`,
      [events, DAYS],
    );
    await session.exec('ANALYZE');
    await session.exec('RESET statement_timeout');
  });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, found: string[] = []): string[] {
  if (node['Relation Name']) {
    found.push(
      `${node['Node Type']} on ${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    );
  }
  for (const child of node.Plans ?? []) scans(child, found);
  return found;
}

describeOn(target, `status engine at ${EVENTS} events on $name`, () => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await seed(database, EVENTS);
  }, 300_000);
  afterAll(async () => dispose?.());

  it('counts the window right and reports its compute time', async () => {
    const expected = await database.withSession((session) =>
      session.query<{ events: number; articles: number; geocoded: number }>(
        `SELECT (SELECT count(*)::int FROM conflict_events WHERE created_at >= now() - interval '24 hours') AS events,
                (SELECT count(*)::int FROM conflict_events WHERE created_at >= now() - interval '24 hours' AND geocoded) AS geocoded,
                (SELECT count(*)::int FROM articles WHERE fetched_at >= now() - interval '24 hours') AS articles`,
      ),
    );
    const engine = createStatusEngine({ database, nodeId: 'scale' });
    await engine.compute(); // warm-up: plans, caches
    const timings: number[] = [];
    const queryTimings: number[] = [];
    let document = await engine.compute();
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      document = await engine.compute();
      timings.push(performance.now() - started);
      queryTimings.push(document.system_health.database.query_ms ?? NaN);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `[status-scale] ${EVENTS} events over ${DAYS} days (${expected[0]!.events} in the 24 h window): compute median ${median(timings).toFixed(1)} ms, ` +
        `query median ${median(queryTimings).toFixed(1)} ms (runs: ${timings.map((t) => t.toFixed(1)).join(', ')})`,
    );

    expect(document.system_health.stale).toBe(false);
    // The window moves between the check query and the engine's read: allow one row each side.
    expect(
      Math.abs(document.scraping_health.events_extracted - expected[0]!.events),
    ).toBeLessThanOrEqual(1);
    expect(
      Math.abs(document.scraping_health.articles_collected - expected[0]!.articles),
    ).toBeLessThanOrEqual(1);
    expect(document.scraping_health.total_sources).toBe(21);
    expect(document.scraping_health.sources_processed).toBe(20);
    expect(document.data_quality.basis).toBe('metrics');
    expect(document.pipeline_stages.every((stage) => stage.state === 'succeeded')).toBe(true);
  });

  it('reads through the indexes, never scanning a whole table of history', async () => {
    const now = new Date();
    const compiled = statusRowsQuery(database.db, {
      windowStart: new Date(now.getTime() - 24 * 3_600_000),
      trendStart: trendStart(now),
      lookbackStart: new Date(now.getTime() - 30 * 86_400_000),
    }).compile();
    const [explained] = await database.withSession((session) =>
      session.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`,
        compiled.parameters,
      ),
    );
    const plan = explained!['QUERY PLAN'][0];
    if (process.env.STATUS_SCALE_PLAN) {
      const lines = await database.withSession((session) =>
        session.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`,
          compiled.parameters,
        ),
      );
      console.log(lines.map((line) => line['QUERY PLAN']).join('\n'));
    }
    const found = scans(plan.Plan);
    console.log(
      `[status-scale] EXPLAIN ANALYZE: ${plan['Execution Time'].toFixed(1)} ms; ${[...new Set(found)].join('; ')}`,
    );
    const seqScans = found.filter((scan) => scan.startsWith('Seq Scan'));
    // `sources` is a few dozen rows: scanning it is the right plan. Nothing else may be.
    expect(seqScans.filter((scan) => scan !== 'Seq Scan on sources')).toEqual([]);
    // Each source's newest run is found on its own index, not by walking everyone's history
    // (which costs the whole history for the silent source).
    // The global started_at index serves the window's grouped count (once) and nothing else.
    expect(found).toContain('Index Scan on source_runs using source_runs_source_started_idx');
    expect(
      found.filter((scan) => scan === 'Index Scan on source_runs using source_runs_started_idx')
        .length,
    ).toBeLessThanOrEqual(1);
  });
});
