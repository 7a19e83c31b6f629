import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { ConflictError, InvalidInputError } from '../src/errors';
import { derivedMetricId } from '../src/store/event-writes';
import { createIngestStore, type IngestStore } from '../src/store/ingest-store';
import type {
  ArticleInput,
  EventInput,
  IngestBatch,
  QualityMetricInput,
  RunInput,
  SourceRunInput,
} from '../src/store/ingest-types';
import { describeOnDatabases } from './support/databases';
import { PUNCH_SOURCE, truncateIngestTables } from './support/ingest-fixtures';

const SOURCES = [
  PUNCH_SOURCE,
  {
    id: 'vanguard',
    name: 'Vanguard',
    kind: 'rss',
    url: 'https://www.vanguardngr.com/feed/',
    priority: 2,
    enabled: true,
    expected_interval_seconds: 3600,
  },
] as const;

function run(overrides: Partial<RunInput> = {}): RunInput {
  return {
    id: randomUUID(),
    started_at: '2026-01-28T15:00:00.000Z',
    state: 'running',
    trigger: 'schedule',
    ...overrides,
  };
}

function sourceRun(runId: string, overrides: Partial<SourceRunInput> = {}): SourceRunInput {
  return {
    id: randomUUID(),
    run_id: runId,
    source_id: 'punch',
    state: 'succeeded',
    started_at: '2026-01-28T15:00:01.000Z',
    finished_at: '2026-01-28T15:00:03.500Z',
    duration_ms: 2500,
    entries_seen: 20,
    articles_found: 2,
    articles_new: 2,
    duplicates: 0,
    too_old: 18,
    ...overrides,
  };
}

function article(overrides: Partial<ArticleInput> = {}): ArticleInput {
  const id = randomUUID();
  return {
    id,
    source_id: 'punch',
    url: `https://punchng.com/${id}`,
    title: 'Gunmen attack village in Zamfara',
    fetched_at: '2026-01-28T15:00:02.000Z',
    content_hash: `sha256:${id}`,
    ...overrides,
  };
}

function event(overrides: Partial<EventInput> = {}): EventInput {
  return {
    id: randomUUID(),
    event_date: '2026-01-27',
    event_type: 'armed_attack',
    state: 'Zamfara',
    lga: 'Maru',
    latitude: 12.33,
    longitude: 6.4,
    fatalities: 4,
    geocoded: true,
    geo_precision: 'lga',
    validation_status: 'passed',
    validation_reasons: [],
    confidence: 0.9,
    ...overrides,
  };
}

function metric(overrides: Partial<QualityMetricInput> = {}): QualityMetricInput {
  return {
    timestamp: '2026-01-28T15:05:00.000Z',
    geocoding_attempts: 8,
    geocoding_successes: 7,
    geocoding_success_rate: 87.5,
    validation_attempts: 10,
    validation_passes: 9,
    validation_pass_rate: 90,
    metric_type: 'aggregate',
    status: 'healthy',
    ...overrides,
  };
}

/** A run with one source result, two articles and an event on each: a typical pipeline batch. */
function typicalBatch(): IngestBatch {
  const r = run({
    state: 'succeeded',
    finished_at: '2026-01-28T15:01:00.000Z',
    stages: [
      {
        stage: 'collection',
        state: 'succeeded',
        items: 2,
        total: 2,
        started_at: '2026-01-28T15:00:00Z',
        finished_at: '2026-01-28T15:00:10Z',
      },
      { stage: 'geocoding', state: 'succeeded', items: 1, total: 2 },
    ],
  });
  const sr = sourceRun(r.id);
  const a1 = article({ source_run_id: sr.id });
  const a2 = article({ source_run_id: sr.id });
  return {
    run: r,
    source_runs: [sr],
    articles: [a1, a2],
    events: [
      event({ article_id: a1.id, source_id: 'punch', run_id: r.id }),
      event({
        article_id: a2.id,
        geocoded: false,
        geo_precision: 'none',
        latitude: null,
        longitude: null,
      }),
    ],
    quality_metrics: [metric()],
  };
}

async function countRows(database: Database): Promise<Record<string, number>> {
  const tables = [
    'pipeline_runs',
    'run_stages',
    'source_runs',
    'articles',
    'conflict_events',
    'data_quality_metrics',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describeOnDatabases('ingest store on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let store: IngestStore;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    store = createIngestStore(database);
  });
  afterAll(async () => dispose?.());
  beforeEach(async () => {
    await truncateIngestTables(database);
    await store.upsertSources(SOURCES);
  });

  it('upserts sources, counting repeats and leaving unchanged rows alone', async () => {
    const before = await database.db
      .selectFrom('sources')
      .select(['id', 'updated_at'])
      .where('id', '=', 'punch')
      .executeTakeFirstOrThrow();
    const result = await store.upsertSources([...SOURCES, { ...SOURCES[1], priority: 4 }]);
    expect(result).toEqual({ accepted: { sources: 2 }, duplicates: { sources: 1 } });
    const rows = await database.db.selectFrom('sources').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.priority, r.kind, r.expected_interval_seconds])).toEqual([
      ['punch', 1, 'rss', 1800],
      ['vanguard', 4, 'rss', 3600],
    ]);
    expect(rows[0]!.updated_at).toEqual(before.updated_at);
  });

  it('records a whole batch with the right values', async () => {
    const batch = typicalBatch();
    const result = await store.recordBatch(batch);
    expect(result).toEqual({
      accepted: { runs: 1, source_runs: 1, articles: 2, events: 2, quality_metrics: 1 },
      duplicates: { runs: 0, source_runs: 0, articles: 0, events: 0, quality_metrics: 0 },
    });
    const runRow = await database.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(runRow).toMatchObject({
      id: batch.run!.id,
      state: 'succeeded',
      trigger: 'schedule',
      error: null,
    });
    expect(runRow.finished_at).toEqual(new Date('2026-01-28T15:01:00.000Z'));
    const stages = await database.db
      .selectFrom('run_stages')
      .selectAll()
      .orderBy('stage')
      .execute();
    expect(stages.map((s) => [s.stage, s.state, s.items, s.total])).toEqual([
      ['collection', 'succeeded', 2, 2],
      ['geocoding', 'succeeded', 1, 2],
    ]);
    const sr = await database.db.selectFrom('source_runs').selectAll().executeTakeFirstOrThrow();
    expect(sr).toMatchObject({
      source_id: 'punch',
      state: 'succeeded',
      duration_ms: 2500,
      entries_seen: 20,
      too_old: 18,
    });
    const articles = await database.db.selectFrom('articles').selectAll().execute();
    expect(articles).toHaveLength(2);
    expect(articles.every((a) => a.source_run_id === sr.id)).toBe(true);
    const events = await database.db
      .selectFrom('conflict_events')
      .selectAll()
      .orderBy('geocoded', 'desc')
      .execute();
    expect(events[0]).toMatchObject({
      event_date: '2026-01-27',
      state: 'Zamfara',
      lga: 'Maru',
      latitude: 12.33,
      fatalities: 4,
      geocoded: true,
      geo_precision: 'lga',
      validation_reasons: [],
      run_id: batch.run!.id,
    });
    expect(events[0]!.confidence).toBeCloseTo(0.9, 5);
    expect(events[1]).toMatchObject({
      geocoded: false,
      geo_precision: 'none',
      latitude: null,
      source_id: null,
    });
    const quality = await database.db
      .selectFrom('data_quality_metrics')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(quality).toMatchObject({
      geocoding_success_rate: 87.5,
      validation_pass_rate: 90,
      metric_type: 'aggregate',
      source: null,
      status: 'healthy',
    });
    expect(quality.id).toBe(derivedMetricId(batch.quality_metrics![0]!));
  });

  it('answers a replayed batch with the same counts and stores nothing new', async () => {
    const batch = typicalBatch();
    batch.articles!.push({ ...article(), url: batch.articles![0]!.url }); // same url, new id: duplicate
    const first = await store.recordBatch(batch);
    const rows = await countRows(database);
    const second = await store.recordBatch(structuredClone(batch));
    expect(first.duplicates.articles).toBe(1);
    expect(second).toEqual(first);
    expect(await countRows(database)).toEqual(rows);
  });

  it('deduplicates articles by url and content hash, moving events to the stored article', async () => {
    const stored = article();
    await store.insertArticles([stored]);
    const sameUrl = article({ url: stored.url });
    const sameHash = article({ content_hash: stored.content_hash });
    const inBatchTwin = article();
    const twin = article({ url: inBatchTwin.url });
    const result = await store.recordBatch({
      articles: [sameUrl, sameHash, inBatchTwin, twin],
      events: [event({ article_id: sameUrl.id }), event({ article_id: twin.id })],
    });
    expect(result.accepted).toMatchObject({ articles: 1, events: 2 });
    expect(result.duplicates).toMatchObject({ articles: 3 });
    const events = await database.db.selectFrom('conflict_events').select('article_id').execute();
    expect(events.map((e) => e.article_id).sort()).toEqual([stored.id, inBatchTwin.id].sort());
  });

  it('updates a run posted again, and ignores a stale "running" report', async () => {
    const r = run({ stages: [{ stage: 'collection', state: 'running', items: 0, total: 5 }] });
    await store.upsertRun(r);
    const finished: RunInput = {
      ...r,
      state: 'partial',
      finished_at: '2026-01-28T15:02:00Z',
      error: 'vanguard timed out',
      stages: [{ stage: 'collection', state: 'succeeded', items: 5, total: 5 }],
    };
    expect((await store.upsertRun(finished)).accepted.runs).toBe(1);
    const stale = await store.upsertRun(r);
    expect(stale.accepted.runs).toBe(0);
    expect(stale.duplicates.runs).toBe(1);
    const row = await database.db.selectFrom('pipeline_runs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'partial', error: 'vanguard timed out' });
    const stage = await database.db.selectFrom('run_stages').selectAll().executeTakeFirstOrThrow();
    expect(stage).toMatchObject({ state: 'succeeded', items: 5 });
  });

  it('keeps the last report of a run repeated in one batch', async () => {
    const r = run({ stages: [{ stage: 'collection', state: 'running', items: 1, total: 4 }] });
    const done: RunInput = {
      ...r,
      state: 'failed',
      error: 'feed parse error',
      stages: [{ stage: 'collection', state: 'failed', items: 1, total: 4 }],
    };
    const result = await store.recordBatch({ runs: [r, done, { ...r }] });
    expect(result.accepted.runs).toBe(1);
    expect(result.duplicates.runs).toBe(2);
    const row = await database.db.selectFrom('pipeline_runs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', error: 'feed parse error' });
    expect(await database.db.selectFrom('run_stages').select('state').execute()).toEqual([
      { state: 'failed' },
    ]);
  });

  it('treats a second result for the same source in a run as a duplicate', async () => {
    const r = run();
    const first = sourceRun(r.id, { state: 'running', finished_at: null, duration_ms: null });
    await store.recordBatch({ run: r, source_runs: [first] });
    const other = sourceRun(r.id);
    const a = article({ source_run_id: other.id });
    const result = await store.recordBatch({
      source_runs: [{ ...first, state: 'succeeded' }, other],
      articles: [a],
    });
    expect(result.accepted.source_runs).toBe(1);
    expect(result.duplicates.source_runs).toBe(1);
    const rows = await database.db.selectFrom('source_runs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, state: 'succeeded' });
    const stored = await database.db
      .selectFrom('articles')
      .select('source_run_id')
      .executeTakeFirstOrThrow();
    expect(stored.source_run_id).toBe(first.id);
  });

  it('upserts events by id: a later report updates validation', async () => {
    const e = event({ validation_status: 'pending' });
    await store.insertEvents([e]);
    await store.insertEvents([
      {
        ...e,
        validation_status: 'needs_review',
        validation_reasons: ['fatalities_outlier', 'no "source"'],
      },
    ]);
    const row = await database.db
      .selectFrom('conflict_events')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      validation_status: 'needs_review',
      validation_reasons: ['fatalities_outlier', 'no "source"'],
    });
  });

  it('rolls the whole batch back when one item refers to nothing, naming it', async () => {
    const batch = typicalBatch();
    batch.events!.push(event(), event(), event({ source_id: 'premium-times' }));
    const error = await store.recordBatch(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('events[4].source_id');
    const counts = await countRows(database);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('maps a database constraint failure to the collection and rolls back', async () => {
    const error = await store
      .recordBatch({ run: run(), events: [event({ latitude: 123 })] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('events[].latitude');
    expect((await countRows(database)).pipeline_runs).toBe(0);
  });

  it('rejects an article id reused for another url', async () => {
    const a = article();
    await store.insertArticles([a]);
    await expect(
      store.insertArticles([{ ...a, url: 'https://punchng.com/other' }]),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('checks quality metrics that cannot be right', async () => {
    await expect(
      store.insertQualityMetrics([metric({ geocoding_successes: 9 })]),
    ).rejects.toMatchObject({ field: 'quality_metrics[0].geocoding_successes' });
    await expect(
      store.insertQualityMetrics([metric({ metric_type: 'source-specific' })]),
    ).rejects.toMatchObject({ field: 'quality_metrics[0].source' });
  });

  it('replays the stored answer for an idempotency key and refuses another body', async () => {
    const claim = { key: 'run-42', route: '/api/v1/ingest/batch', bodyHash: 'h1' };
    const batch = typicalBatch();
    const first = await store.recordBatchOnce(claim, batch);
    expect(first).toMatchObject({ statusCode: 201, replayed: false });
    const again = await store.recordBatchOnce(claim, typicalBatch());
    expect(again).toEqual({ ...first, replayed: true });
    expect((await countRows(database)).pipeline_runs).toBe(1);
    await expect(store.recordBatchOnce({ ...claim, bodyHash: 'h2' }, batch)).rejects.toBeInstanceOf(
      ConflictError,
    );
    // Two requests racing with one key: one writes, the other gets its answer.
    const raced = { ...claim, key: 'race' };
    const answers = await Promise.all([
      store.recordBatchOnce(raced, typicalBatch()),
      store.recordBatchOnce(raced, typicalBatch()),
    ]);
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true]);
    expect(answers[0]!.body).toEqual(answers[1]!.body);
    expect((await countRows(database)).pipeline_runs).toBe(2);
    expect(await store.pruneIdempotencyKeys(new Date(Date.now() + 60_000))).toBe(2);
  });

  it('writes 5000 events and 5000 runs in one batch', async () => {
    const events = Array.from({ length: 5000 }, (_, i) =>
      event({ fatalities: i % 7, source_id: 'vanguard' }),
    );
    const runs = Array.from({ length: 5000 }, () =>
      run({ stages: [{ stage: 'collection', state: 'succeeded', items: 1, total: 1 }] }),
    );
    const started = performance.now();
    const result = await store.recordBatch({ runs, events });
    const elapsedMs = performance.now() - started;
    expect(result.accepted).toMatchObject({ events: 5000, runs: 5000 });
    expect(await countRows(database)).toMatchObject({
      conflict_events: 5000,
      pipeline_runs: 5000,
      run_stages: 5000,
    });
    console.info(
      `[${target.name}] 5000 events + 5000 runs in one batch: ${elapsedMs.toFixed(0)} ms`,
    );
  });
});
