import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  AlertHistoryPage,
  QualitySeries,
  SourceActivity,
  StateEvents,
  StatesOverview,
} from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import type { Database } from '../src/db/connection';
import { alertRoutes } from '../src/http/alert-routes';
import { consoleRoutes } from '../src/http/console-routes';
import { installErrorHandler } from '../src/http/error-handler';
import { registerHistoryRoutes } from '../src/http/history-routes';
import { StatusHistoryStore } from '../src/store/status-history-store';
import { describeOnDatabases } from './support/databases';
import { ALERT, NOW, ago, seedConsole as seed } from './support/console-seed';

describeOnDatabases('console routes on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let base: string;
  const get = async <T>(path: string, status = 200): Promise<T> => {
    const response = await fetch(`${base}${path}`);
    expect(response.status, path).toBe(status);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await seed(database);
    const document = sampleStatusDocument({ at: NOW });
    const anomaly = document.anomalies[0]!;
    document.anomalies = [
      { ...anomaly, id: 'a1', type: 'event_spike', subject: 'state:Kaduna' },
      { ...anomaly, id: 'a2', type: 'coverage_gap', subject: 'state:Zamfara' },
      { ...anomaly, id: 'a3', type: 'source_silent', subject: 'source:punch' },
    ];
    app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    installErrorHandler(app);
    const now = () => NOW;
    await app.register(alertRoutes, { database, authTokens: [], adminTokens: [], now });
    await app.register(consoleRoutes, {
      database,
      authTokens: [],
      currentDocument: () => Promise.resolve(document),
      now,
    });
    registerHistoryRoutes(app, { store: new StatusHistoryStore(database.db), authTokens: [], now });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("describes one source's activity", async () => {
    const activity = await get<SourceActivity>('/api/v1/sources/punch/activity');
    expect(activity.source).toEqual({ id: 'punch', name: 'Punch', enabled: true });
    expect(activity.range).toBe('24h');
    expect(activity.runs.map((run) => [run.status, run.events, run.articles_new])).toEqual([
      ['empty', 1, 0],
      ['failed', 0, 0],
      ['success', 3, 5],
    ]);
    expect(activity.runs[1]).toMatchObject({ error: 'HTTP 503 from feed', duration_ms: 300 });
    expect(activity.runs[0]).toMatchObject({ finished_at: null, duration_ms: null });
    expect(activity.daily).toHaveLength(7);
    expect(activity.daily.at(-1)).toEqual({ day: '2026-05-10', articles: 2, events: 4 });
    expect(activity.daily.at(-3)).toEqual({ day: '2026-05-08', articles: 1, events: 0 });
    expect(activity.daily.at(-4)).toEqual({ day: '2026-05-07', articles: 0, events: 1 });
    expect(activity.cadence).toEqual({
      expected_interval_seconds: 3600,
      median_actual_interval_seconds: 3600,
      last_productive_at: ago(2.95),
    });
    expect(activity.errors).toEqual([{ at: ago(1.95), message: 'HTTP 503 from feed' }]);
    expect(activity.alerts).toHaveLength(1);
    expect(activity.alerts[0]).toMatchObject({
      id: ALERT,
      acknowledged_by: 'amina',
      acknowledged_at: ago(1),
      silenced_by: 'ops',
      silenced_until: new Date(NOW.getTime() + 3_600_000).toISOString(),
    });
    // 7 days: the run of three days ago too.
    const week = await get<SourceActivity>('/api/v1/sources/punch/activity?range=7d');
    expect(week.runs).toHaveLength(4);
    expect(week.cadence.median_actual_interval_seconds).toBe(3600);
    const hour = await get<SourceActivity>('/api/v1/sources/punch/activity?range=1h');
    expect(hour.runs).toHaveLength(1);
  });

  it('refuses unknown sources and bad ranges', async () => {
    expect(await get('/api/v1/sources/nope/activity', 404)).toMatchObject({ error: 'NOT_FOUND' });
    expect(await get('/api/v1/sources/punch/activity?range=2d', 400)).toMatchObject({
      field: expect.stringContaining('range'),
    });
    expect(await get('/api/v1/states?range=forever', 400)).toMatchObject({
      field: expect.stringContaining('range'),
    });
    expect(await get('/api/v1/quality?range=1y', 400)).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('counts events per state, all 37 listed', async () => {
    const day = await get<StatesOverview>('/api/v1/states');
    expect(day.states).toHaveLength(37);
    const by = new Map(day.states.map((state) => [state.state, state]));
    expect(by.get('Kaduna')).toEqual({
      state: 'Kaduna',
      events: 4,
      fatalities: 5,
      precision: { lga: 3, state: 1, none: 0 },
      sources: ['Punch', 'Daily Trust'],
      spike: true,
      coverage_gap: false,
    });
    expect(by.get('Lagos')).toMatchObject({ events: 1, precision: { lga: 0, state: 0, none: 1 } });
    expect(by.get('Federal Capital Territory')).toMatchObject({ events: 1, fatalities: 4 });
    expect(by.get('Zamfara')).toMatchObject({ events: 0, coverage_gap: true, sources: [] });
    expect(day.states.reduce((sum, state) => sum + state.events, 0)).toBe(6);
    const week = await get<StatesOverview>('/api/v1/states?range=7d');
    expect(week.states.find((state) => state.state === 'Kaduna')).toMatchObject({
      events: 5,
      fatalities: 12,
    });
  });

  it("lists one state's events, newest first", async () => {
    const kaduna = await get<StateEvents>('/api/v1/states/kaduna/events?limit=2');
    expect(kaduna.state).toBe('Kaduna');
    expect(kaduna.events).toHaveLength(2);
    const all = await get<StateEvents>('/api/v1/states/Kaduna/events');
    expect(all.events.map((event) => event.occurred_at)).toEqual([
      '2026-05-10',
      '2026-05-10',
      '2026-05-09',
      '2026-05-08',
    ]);
    expect(all.events[1]).toMatchObject({
      event_type: 'clash',
      fatalities: 3,
      lga: 'Kafanchan',
      title: 'Clash in Kaduna',
      url: 'https://punch.example/a2',
      source: 'Punch',
    });
    expect(all.events[3]).toMatchObject({ fatalities: null, title: null, source: 'Punch' });
    const fct = await get<StateEvents>('/api/v1/states/FCT/events');
    expect(fct.state).toBe('Federal Capital Territory');
    expect(await get('/api/v1/states/Atlantis/events', 400)).toMatchObject({
      field: 'params.state',
    });
    expect(await get('/api/v1/states/Kaduna/events?limit=501', 400)).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  it('gives the quality series in buckets', async () => {
    const day = await get<QualitySeries>('/api/v1/quality');
    expect(day.points).toHaveLength(24);
    expect(day.points.at(-1)!.at).toBe('2026-05-10T12:00:00.000Z');
    const at = (iso: string) => day.points.find((point) => point.at === iso);
    // 10:30 holds the metrics row (it wins over the events of that hour).
    expect(at('2026-05-10T10:00:00.000Z')).toEqual({
      at: '2026-05-10T10:00:00.000Z',
      geocoding_success_rate: 80,
      validation_pass_rate: 80,
    });
    // 09:30-09:48: three events, all geocoded, two of three validated ones passed.
    expect(at('2026-05-10T09:00:00.000Z')).toMatchObject({
      geocoding_success_rate: 100,
      validation_pass_rate: 66.67,
    });
    expect(at('2026-05-10T05:00:00.000Z')).toMatchObject({
      geocoding_success_rate: null,
      validation_pass_rate: null,
    });
    const hour = await get<QualitySeries>('/api/v1/quality?range=1h');
    expect(hour.points).toHaveLength(12);
    expect(hour.points.at(-1)!.at).toBe('2026-05-10T12:30:00.000Z');
    // 12:00: the Lagos event (not geocoded, validation pending) → 0 % geocoded, no validation.
    expect(hour.points.find((p) => p.at === '2026-05-10T12:00:00.000Z')).toMatchObject({
      geocoding_success_rate: 0,
      validation_pass_rate: null,
    });
    expect((await get<QualitySeries>('/api/v1/quality?range=7d')).points).toHaveLength(168);
  });

  it('filters alerts by source and gives their transitions', async () => {
    const punch = await get<AlertHistoryPage>('/api/v1/alerts?source=punch');
    expect(punch.alerts).toHaveLength(1);
    expect(punch.alerts[0]!.transitions).toEqual([
      { at: ago(1), from: 'firing', to: 'acknowledged', actor: 'amina', comment: 'looking' },
      { at: ago(1.5), from: 'pending', to: 'firing', actor: null },
      { at: ago(2), from: null, to: 'pending', actor: null },
    ]);
    expect(punch.alerts[0]).toMatchObject({ silenced_by: 'ops', acknowledged_by: 'amina' });
    const all = await get<AlertHistoryPage>('/api/v1/alerts');
    expect(all.alerts).toHaveLength(2);
    expect(all.alerts.find((a) => a.labels.source === 'dt')).toMatchObject({
      silenced_by: null,
      acknowledged_by: null,
      transitions: [{ from: null, to: 'firing' }],
    });
    expect((await get<AlertHistoryPage>('/api/v1/alerts?source=none')).alerts).toEqual([]);
  });

  it('with AUTH_TOKENS every console read needs a bearer token', async () => {
    const secured = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    installErrorHandler(secured);
    await secured.register(consoleRoutes, {
      database,
      authTokens: ['s3cret-token'],
      currentDocument: () => Promise.reject(new Error('no document yet')),
      now: () => NOW,
    });
    try {
      for (const path of [
        '/api/v1/sources/punch/activity',
        '/api/v1/states',
        '/api/v1/states/Kaduna/events',
        '/api/v1/quality',
      ]) {
        const refused = await secured.inject({ url: path });
        expect(refused.statusCode, path).toBe(401);
        const wrong = await secured.inject({
          url: path,
          headers: { authorization: 'Bearer no' },
        });
        expect(wrong.statusCode, path).toBe(401);
        const allowed = await secured.inject({
          url: path,
          headers: { authorization: 'Bearer s3cret-token' },
        });
        expect(allowed.statusCode, path).toBe(200);
      }
      // No document: the map still answers, just without anomaly flags.
      const states = (
        await secured.inject({
          url: '/api/v1/states',
          headers: { authorization: 'Bearer s3cret-token' },
        })
      ).json<StatesOverview>();
      expect(states.states.some((state) => state.spike || state.coverage_gap)).toBe(false);
    } finally {
      await secured.close();
    }
  });

  it('answers hostile paths and query strings with 2xx or a 4xx naming the field, never 5xx', async () => {
    const paths = fc.constantFrom(
      '/api/v1/sources/punch/activity',
      '/api/v1/states',
      '/api/v1/quality',
      '/api/v1/overview',
      '/api/v1/monitoring/pipeline-status/history',
      '/api/v1/alerts',
    );
    const segment = fc
      .oneof(fc.string({ maxLength: 40 }), fc.constant('a\u0000b'), fc.constant('%'))
      .map(encodeURIComponent);
    const path = fc.oneof(
      paths,
      segment.map((s) => `/api/v1/sources/${s || 'x'}/activity`),
      segment.map((s) => `/api/v1/states/${s || 'x'}/events`),
    );
    const value = fc.oneof(
      fc.constantFrom(
        '1h',
        '24h',
        '7d',
        '0',
        '-1',
        '5000',
        '2026-05-10T00:00:00Z',
        '2026-05-11T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '1.2',
        '',
        '\u0000',
      ),
      fc.string({ maxLength: 30 }),
    );
    const key = fc.constantFrom('range', 'limit', 'from', 'to', 'cursor', 'source', 'state', 'at');
    await fc.assert(
      fc.asyncProperty(path, fc.array(fc.tuple(key, value), { maxLength: 4 }), async (p, q) => {
        const query = new URLSearchParams(q).toString();
        const response = await app.inject({ url: query ? `${p}?${query}` : p });
        expect(response.statusCode, `${p}?${query}`).toBeLessThan(500);
        if (response.statusCode === 400) {
          expect(response.json<{ field?: string }>().field).toMatch(/\w/);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
