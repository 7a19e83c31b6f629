import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { testConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { describeOnDatabases } from './support/databases';
import { pipelineBatch, PUNCH_SOURCE, truncateIngestTables } from './support/ingest-fixtures';

const TOKEN = 'ingest-secret-token';
const SOURCES = [
  PUNCH_SOURCE,
  {
    id: 'premium-times',
    name: 'Premium Times',
    kind: 'rss',
    url: 'https://www.premiumtimesng.com/feed',
    priority: 1,
    enabled: true,
    expected_interval_seconds: 3600,
  },
];

const ALL_ACCEPTED = { runs: 1, source_runs: 1, articles: 2, events: 2, quality_metrics: 1 };
const NONE = { runs: 0, source_runs: 0, articles: 0, events: 0, quality_metrics: 0 };

describeOnDatabases('ingest API on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance; // INGEST_TOKENS set
  let openApp: FastifyInstance; // no INGEST_TOKENS: ingest closed

  const post = (url: string, payload: unknown, extra: Partial<InjectOptions> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as InjectOptions['payload'],
      ...extra,
      headers: { authorization: `Bearer ${TOKEN}`, ...extra.headers },
    });

  async function rowCounts(): Promise<Record<string, number>> {
    const { rows } = await database.withSession(async (s) => ({
      rows: await s.query<Record<string, number>>(`SELECT
        (SELECT count(*)::int FROM pipeline_runs) AS pipeline_runs,
        (SELECT count(*)::int FROM run_stages) AS run_stages,
        (SELECT count(*)::int FROM source_runs) AS source_runs,
        (SELECT count(*)::int FROM articles) AS articles,
        (SELECT count(*)::int FROM conflict_events) AS conflict_events,
        (SELECT count(*)::int FROM data_quality_metrics) AS data_quality_metrics,
        (SELECT count(*)::int FROM ingest_requests) AS ingest_requests`),
    }));
    return rows[0]!;
  }

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    app = await buildApp({
      config: testConfig({ ingestTokens: ['other-token', TOKEN] }),
      database,
    });
    openApp = await buildApp({ config: testConfig({ ingestTokens: [] }), database });
  });
  afterAll(async () => {
    await app?.close();
    await openApp?.close();
    await dispose?.();
  });
  beforeEach(async () => {
    await truncateIngestTables(database);
    const seeded = await post('/api/v1/ingest/sources', { sources: SOURCES });
    expect(seeded.statusCode).toBe(201);
    expect(seeded.json()).toEqual({ accepted: { sources: 2 }, duplicates: { sources: 0 } });
  });

  it('stores a batch with the values sent and answers 201 with counts', async () => {
    const body = pipelineBatch();
    const res = await post('/api/v1/ingest/batch', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ accepted: ALL_ACCEPTED, duplicates: NONE });

    const run = await database.db.selectFrom('pipeline_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ id: body.run.id, state: 'succeeded', trigger: 'api' });
    expect(run.finished_at).toEqual(new Date('2026-01-28T15:01:30Z'));
    const stages = await database.db
      .selectFrom('run_stages')
      .select(['stage', 'items', 'total'])
      .orderBy('stage')
      .execute();
    expect(stages).toEqual([
      { stage: 'collection', items: 2, total: 2 },
      { stage: 'validation', items: 2, total: 2 },
    ]);
    const sourceRun = await database.db
      .selectFrom('source_runs')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(sourceRun).toMatchObject({
      id: body.source_runs[0]!.id,
      duration_ms: 3000,
      too_old: 28,
      error: null,
    });
    const article = await database.db
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', body.articles[0]!.id)
      .executeTakeFirstOrThrow();
    expect(article).toMatchObject({
      url: body.articles[0]!.url,
      source_run_id: body.source_runs[0]!.id,
      summary: null,
    });
    expect(article.published_at).toEqual(new Date('2026-01-28T08:00:00Z'));
    const events = await database.db
      .selectFrom('conflict_events')
      .selectAll()
      .orderBy('fatalities')
      .execute();
    expect(
      events.map((e) => [
        e.state,
        e.lga,
        e.latitude,
        e.fatalities,
        e.geo_precision,
        e.validation_status,
        e.validation_reasons,
      ]),
    ).toEqual([
      ['Katsina', 'Faskari', 11.7, 3, 'lga', 'passed', []],
      ['Katsina', null, null, 4, 'none', 'needs_review', ['no_location']],
    ]);
    const metric = await database.db
      .selectFrom('data_quality_metrics')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(metric).toMatchObject({
      geocoding_success_rate: 50,
      status: 'warning',
      metric_type: 'aggregate',
    });
  });

  it('updates a run posted again: running, then its final state and stages', async () => {
    const body = pipelineBatch();
    const running = {
      ...body.run,
      state: 'running',
      finished_at: null,
      stages: [{ stage: 'collection', state: 'running', items: 0, total: 2 }],
    };
    expect((await post('/api/v1/ingest/runs', { run: running })).statusCode).toBe(201);
    const res = await post('/api/v1/ingest/runs', { runs: [body.run] });
    expect(res.json()).toMatchObject({ accepted: { runs: 1 } });
    const run = await database.db
      .selectFrom('pipeline_runs')
      .select(['state'])
      .executeTakeFirstOrThrow();
    expect(run.state).toBe('succeeded');
    const stage = await database.db
      .selectFrom('run_stages')
      .selectAll()
      .where('stage', '=', 'collection')
      .executeTakeFirstOrThrow();
    expect(stage).toMatchObject({ state: 'succeeded', items: 2 });
  });

  it('offers one route per kind of item', async () => {
    const body = pipelineBatch();
    const answers = [
      await post('/api/v1/ingest/runs', { runs: [body.run] }),
      await post('/api/v1/ingest/source-runs', { source_runs: body.source_runs }),
      await post('/api/v1/ingest/articles', { articles: body.articles }),
      await post('/api/v1/ingest/events', { events: body.events }),
      await post('/api/v1/ingest/quality-metrics', { quality_metrics: body.quality_metrics }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.json<{ accepted: Record<string, number> }>().accepted)).toEqual([
      { ...NONE, runs: 1 },
      { ...NONE, source_runs: 1 },
      { ...NONE, articles: 2 },
      { ...NONE, events: 2 },
      { ...NONE, quality_metrics: 1 },
    ]);
    expect(await rowCounts()).toMatchObject({
      pipeline_runs: 1,
      source_runs: 1,
      articles: 2,
      conflict_events: 2,
      data_quality_metrics: 1,
    });
  });

  it('answers a replayed batch with the same counts and adds no rows', async () => {
    const body = pipelineBatch();
    const first = await post('/api/v1/ingest/batch', body);
    const before = await rowCounts();
    const second = await post('/api/v1/ingest/batch', body);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await rowCounts()).toEqual(before);
  });

  it('reports articles already stored under another id as duplicates', async () => {
    const first = pipelineBatch();
    await post('/api/v1/ingest/batch', first);
    const second = pipelineBatch();
    second.articles[0]!.url = first.articles[0]!.url;
    second.articles[1]!.content_hash = first.articles[1]!.content_hash;
    const res = await post('/api/v1/ingest/batch', second);
    expect(res.json()).toMatchObject({
      accepted: { articles: 0, events: 2 },
      duplicates: { articles: 2 },
    });
    expect((await rowCounts()).articles).toBe(2);
  });

  it('replays the first answer for an Idempotency-Key, and 409s on the same key with another body', async () => {
    const body = pipelineBatch();
    const headers = { 'idempotency-key': 'pipeline-run-0001' };
    const first = await post('/api/v1/ingest/batch', body, { headers });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await rowCounts();
    const replay = await post('/api/v1/ingest/batch', body, { headers });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(first.body);
    expect(await rowCounts()).toEqual(before);

    const other = await post('/api/v1/ingest/batch', pipelineBatch(), { headers });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: 'CONFLICT' });
    const otherRoute = await post('/api/v1/ingest/sources', { sources: SOURCES }, { headers });
    expect(otherRoute.statusCode).toBe(409);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 naming the field of an invalid body', async () => {
    const cases: [unknown, string][] = [
      [
        {
          ...pipelineBatch(),
          events: [{ ...pipelineBatch().events[0], event_date: '2026-02-30' }],
        },
        'body.events.0.event_date',
      ],
      [
        { ...pipelineBatch(), events: [{ ...pipelineBatch().events[0], latitude: 91 }] },
        'body.events.0.latitude',
      ],
      [{ run: { ...pipelineBatch().run, started_at: undefined } }, 'body.run.started_at'],
      [{ run: { ...pipelineBatch().run, state: 'done' } }, 'body.run.state'],
      [
        {
          ...pipelineBatch(),
          quality_metrics: [{ ...pipelineBatch().quality_metrics[0], geocoding_success_rate: 150 }],
        },
        'body.quality_metrics.0.geocoding_success_rate',
      ],
      [{ articles: [{ ...pipelineBatch().articles[0], url: 'ftp://x' }] }, 'body.articles.0.url'],
      [
        { articles: [{ ...pipelineBatch().articles[0], title: 'x'.repeat(1001) }] },
        'body.articles.0.title',
      ],
      [
        { source_runs: [{ ...pipelineBatch().source_runs[0], id: 'not-a-uuid' }] },
        'body.source_runs.0.id',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post('/api/v1/ingest/batch', payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json(), field).toMatchObject({ error: 'INVALID_INPUT', field });
    }
    const badSlug = await post('/api/v1/ingest/sources', {
      sources: [{ ...SOURCES[0], id: 'Punch NG' }],
    });
    expect(badSlug.json()).toMatchObject({ statusCode: 400, field: 'body.sources.0.id' });
    const unknown = await post('/api/v1/ingest/events', {
      events: [{ ...pipelineBatch().events[0], fatalites: 3 }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'body.events.0.fatalites' });
    const tooMany = await post('/api/v1/ingest/runs', {
      runs: Array.from({ length: 5001 }, () => ({ ...pipelineBatch().run, stages: undefined })),
    });
    expect(tooMany.json()).toMatchObject({ statusCode: 400, field: 'body.runs' });
    expect(await rowCounts()).toMatchObject({ pipeline_runs: 0, conflict_events: 0, articles: 0 });
  });

  it('rolls back the whole batch when one item refers to nothing, naming the item', async () => {
    const body = pipelineBatch();
    body.events.push({ ...body.events[0]!, id: randomUUID(), source_id: 'daily-trust' });
    const res = await post('/api/v1/ingest/batch', body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'INVALID_INPUT', field: 'events[2].source_id' });
    expect(res.json<{ message: string }>().message).toContain('daily-trust');
    expect(await rowCounts()).toEqual({
      pipeline_runs: 0,
      run_stages: 0,
      source_runs: 0,
      articles: 0,
      conflict_events: 0,
      data_quality_metrics: 0,
      ingest_requests: 0,
    });

    const orphan = pipelineBatch();
    orphan.source_runs[0]!.run_id = randomUUID();
    const res2 = await post(
      '/api/v1/ingest/batch',
      { ...orphan, run: undefined },
      { headers: { 'idempotency-key': 'k-orphan' } },
    );
    expect(res2.json()).toMatchObject({ statusCode: 400, field: 'source_runs[0].run_id' });
    expect(await rowCounts()).toMatchObject({ ingest_requests: 0, source_runs: 0 });
  });

  it('answers 413 for a body over 1 MiB, storing nothing', async () => {
    const body = pipelineBatch();
    const huge = { ...body, articles: [{ ...body.articles[0], summary: 'x'.repeat(1024 * 1024) }] };
    const res = await post('/api/v1/ingest/batch', huge);
    expect(res.statusCode).toBe(413);
    expect((await rowCounts()).pipeline_runs).toBe(0);
  });

  it('answers 401 without the right bearer token, from anywhere', async () => {
    const body = pipelineBatch();
    const cases = [
      undefined,
      'Bearer wrong-token',
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      'Bearer ',
    ];
    for (const authorization of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/ingest/batch',
        payload: body,
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toMatchObject({ error: 'UNAUTHORIZED' });
    }
    const remote = await post('/api/v1/ingest/batch', body, { remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(201);
    expect((await rowCounts()).pipeline_runs).toBe(1);
  });

  it('without INGEST_TOKENS, ingest is closed to everyone, loopback included (H1)', async () => {
    for (const remoteAddress of [
      '10.0.0.5',
      '203.0.113.9',
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
    ]) {
      const res = await openApp.inject({
        method: 'POST',
        url: '/api/v1/ingest/batch',
        payload: pipelineBatch(),
        remoteAddress,
      });
      expect(res.statusCode, remoteAddress).toBe(403);
      expect(res.json<{ message: string }>().message).toContain('INGEST_TOKENS');
    }
    expect((await rowCounts()).pipeline_runs).toBe(0);
  });

  it('works over a real socket', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    const res = await fetch(`${address}/api/v1/ingest/batch`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'socket-1' },
      body: JSON.stringify(pipelineBatch()),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ accepted: ALL_ACCEPTED, duplicates: NONE });
    const huge = await fetch(`${address}/api/v1/ingest/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events: [], padding: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(huge.status).toBe(413);
  });

  it('a forwarded request from a loopback socket is refused, whatever TRUST_PROXY says (H1)', async () => {
    for (const trustProxy of [false, true]) {
      for (const ingestTokens of [[], [TOKEN]]) {
        const proxied = await buildApp({
          config: testConfig({ ingestTokens, trustProxy }),
          database,
        });
        try {
          for (const forwardedFor of ['203.0.113.9', '127.0.0.1', '127.0.0.1, 198.51.100.7']) {
            const res = await proxied.inject({
              method: 'POST',
              url: '/api/v1/ingest/batch',
              payload: pipelineBatch(),
              remoteAddress: '127.0.0.1',
              headers: { 'x-forwarded-for': forwardedFor },
            });
            expect(res.statusCode, `${trustProxy} ${ingestTokens.length} ${forwardedFor}`).toBe(
              ingestTokens.length === 0 ? 403 : 401,
            );
          }
        } finally {
          await proxied.close();
        }
      }
    }
    expect((await rowCounts()).pipeline_runs).toBe(0);
  });
});
