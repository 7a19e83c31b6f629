import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  AlertHistoryPage,
  ConsoleOverview,
  QualitySeries,
  SourceActivity,
  StateEvents,
  StatesOverview,
  StatusDocument,
} from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import type { Database } from '../src/db/connection';
import { alertRoutes } from '../src/http/alert-routes';
import { consoleRoutes } from '../src/http/console-routes';
import { installErrorHandler } from '../src/http/error-handler';
import { createStatusEngine } from '../src/status/status-engine';
import { describeOnDatabases } from './support/databases';
import { ALERT, NOW, ago, seedConsole } from './support/console-seed';

/**
 * Issue #16, "every panel follows the range" and "replay applies to every view": the overview
 * over 1 h / 24 h / 7 d, `?at=` on every console read (rows at or before it, windows ending at
 * it, the anomalies of the document published then), the bounds of `at`, and silences written
 * into each matched alert's history.
 */

const ADMIN = { name: 'ops-lead', secret: 'admin-secret-0001' };
const HOUR = 3_600_000;

describeOnDatabases('console range and replay on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  const asked: Date[] = [];

  const get = async <T>(url: string, status = 200): Promise<T> => {
    const response = await app.inject({ url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
    return response.json<T>();
  };
  const admin = (method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN.secret}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await seedConsole(database);
    // The document published in the past flags Kaduna as a coverage gap, the live one as a spike.
    const live = sampleStatusDocument({ at: NOW });
    const anomaly = live.anomalies[0]!;
    live.anomalies = [{ ...anomaly, id: 'a1', type: 'event_spike', subject: 'state:Kaduna' }];
    const past: StatusDocument = {
      ...live,
      anomalies: [{ ...anomaly, id: 'a2', type: 'coverage_gap', subject: 'state:Kaduna' }],
    };
    app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    installErrorHandler(app);
    const now = () => NOW;
    await app.register(alertRoutes, { database, authTokens: [], adminTokens: [ADMIN], now });
    await app.register(consoleRoutes, {
      database,
      authTokens: [],
      currentDocument: () => Promise.resolve(live),
      documentAt: (at) => {
        asked.push(at);
        return Promise.resolve(past);
      },
      replayRetentionMs: 7 * 24 * HOUR,
      now,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('computes the overview over the chosen range, 24 h equal to the live document', async () => {
    const hour = await get<ConsoleOverview>('/api/v1/overview?range=1h');
    const day = await get<ConsoleOverview>('/api/v1/overview');
    const week = await get<ConsoleOverview>('/api/v1/overview?range=7d');
    expect([hour.range, day.range, week.range]).toEqual(['1h', '24h', '7d']);
    expect([hour.window_hours, day.window_hours, week.window_hours]).toEqual([1, 24, 168]);
    expect(day.at).toBe(NOW.toISOString());
    const figures = (o: ConsoleOverview) => {
      const punch = o.scraping_health.sources.find((s) => s.id === 'punch')!;
      return {
        articles: o.scraping_health.articles_collected,
        events: o.scraping_health.events_extracted,
        punchRuns: punch.runs,
        punchArticles: punch.articles_collected,
      };
    };
    // Articles fetched 2.97 h, 2.96 h and 48 h ago; punch ran 1, 2, 3 and 72 h ago; events
    // created 0.2 h (two), 0.5 h, 1.5 h, 2.7-2.9 h (three) and 72 h ago.
    expect(figures(hour)).toEqual({ articles: 0, events: 3, punchRuns: 1, punchArticles: 0 });
    expect(figures(day)).toEqual({ articles: 2, events: 7, punchRuns: 3, punchArticles: 2 });
    expect(figures(week)).toEqual({ articles: 3, events: 8, punchRuns: 4, punchArticles: 3 });
    // The quality trend is the range in buckets: 12 × 5 min, 24 × 1 h, 168 × 1 h.
    expect(hour.data_quality.trend).toHaveLength(12);
    expect(day.data_quality.trend).toHaveLength(24);
    expect(week.data_quality.trend).toHaveLength(168);

    // Same read, same builders: 24 h is exactly the live document's scraping health.
    const engine = createStatusEngine({ database, nodeId: 'test', now: () => NOW });
    const document = await engine.compute();
    expect(day.scraping_health).toEqual(document.scraping_health);
    const { trend: _ignored, ...quality } = document.data_quality;
    expect(day.data_quality).toMatchObject(quality);
  });

  it('replays the overview as of a past moment: later rows left out, the window ending then', async () => {
    const at = ago(2.5);
    const day = await get<ConsoleOverview>(`/api/v1/overview?at=${at}`);
    expect(day.at).toBe(at);
    const punch = day.scraping_health.sources.find((s) => s.id === 'punch')!;
    // As of 2.5 h ago: one run (3 h ago, succeeded), two articles, three events.
    expect(day.scraping_health).toMatchObject({
      articles_collected: 2,
      events_extracted: 3,
      last_run: ago(3),
    });
    expect(punch).toMatchObject({ runs: 1, state: 'ok', success_rate: 100, last_run: ago(3) });
    // Live, punch's latest run is the empty one of an hour ago.
    const live = await get<ConsoleOverview>('/api/v1/overview');
    expect(live.scraping_health.sources.find((s) => s.id === 'punch')!.state).toBe('empty');
    const lastBucket = (
      await get<ConsoleOverview>(`/api/v1/overview?range=1h&at=${at}`)
    ).data_quality.trend.at(-1)!;
    expect(lastBucket.timestamp).toBe('2026-05-10T10:00:00.000Z');
  });

  it('refuses a bad range or at with a 400 naming the field', async () => {
    const field = async (url: string) => (await get<{ field: string }>(url, 400)).field;
    expect(await field('/api/v1/overview?range=2d')).toContain('range');
    expect(await field('/api/v1/overview?at=yesterday')).toContain('at');
    const future = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    const tooOld = new Date(NOW.getTime() - 8 * 24 * HOUR).toISOString();
    for (const path of [
      '/api/v1/overview',
      '/api/v1/sources/punch/activity',
      '/api/v1/states',
      '/api/v1/states/Kaduna/events',
      '/api/v1/quality',
    ]) {
      expect(await field(`${path}?at=${future}`), path).toBe('querystring.at');
      expect(await field(`${path}?at=${tooOld}`), path).toBe('querystring.at');
    }
    const message = (await get<{ message: string }>(`/api/v1/overview?at=${tooOld}`, 400)).message;
    expect(message).toContain('STATUS_HISTORY_DAYS');
    // A browser clock a little ahead is fine.
    const skewed = new Date(NOW.getTime() + 30_000).toISOString();
    expect((await get<ConsoleOverview>(`/api/v1/overview?at=${skewed}`)).at).toBe(skewed);
  });

  it('bounds the source, map and quality reads by at', async () => {
    const at = ago(1.5);
    const activity = await get<SourceActivity>(`/api/v1/sources/punch/activity?at=${at}`);
    expect(activity.runs.map((run) => run.status)).toEqual(['failed', 'success']);
    expect(activity.errors).toEqual([{ at: ago(1.95), message: 'HTTP 503 from feed' }]);
    // The punch alert started 2 h ago and was still open then.
    expect(activity.alerts.map((alert) => alert.id)).toEqual([ALERT]);
    expect(
      (await get<SourceActivity>(`/api/v1/sources/punch/activity?at=${ago(2.5)}`)).alerts,
    ).toEqual([]);

    const earlier = ago(2.75);
    const states = await get<StatesOverview>(`/api/v1/states?at=${earlier}`);
    const kaduna = states.states.find((state) => state.state === 'Kaduna')!;
    // Two Kaduna events by then (2.9 h, 2.8 h ago), against four live; the flags are those of the
    // document published then (a coverage gap), not the live one's spike.
    expect(kaduna).toMatchObject({ events: 2, fatalities: 5, spike: false, coverage_gap: true });
    expect(asked.map((time) => time.toISOString())).toContain(earlier);
    const live = (await get<StatesOverview>('/api/v1/states')).states.find(
      (state) => state.state === 'Kaduna',
    )!;
    expect(live).toMatchObject({ events: 4, spike: true, coverage_gap: false });
    const events = await get<StateEvents>(`/api/v1/states/Kaduna/events?at=${earlier}`);
    expect(events.events.map((event) => event.occurred_at)).toEqual(['2026-05-10', '2026-05-09']);

    // Quality: the window ends in the 09:00 bucket; its rejected event (2.7 h ago) came later.
    const quality = await get<QualitySeries>(`/api/v1/quality?at=${earlier}`);
    expect(quality.points).toHaveLength(24);
    expect(quality.points.at(-1)).toEqual({
      at: '2026-05-10T09:00:00.000Z',
      geocoding_success_rate: 100,
      validation_pass_rate: 100,
    });
  });

  it("writes silences and acknowledgements into each matched alert's history, with actor and end", async () => {
    const created = await admin('POST', '/api/v1/silences', {
      matchers: { source: 'punch' },
      duration_seconds: 4 * 3600,
      comment: 'feed moved, ticket 7',
    });
    expect(created.statusCode, created.body).toBe(201);
    const silence = created.json<{ id: string; ends_at: string }>();
    const history = async (source: string) =>
      (await get<AlertHistoryPage>(`/api/v1/alerts?source=${source}`)).alerts[0]!.transitions!;
    expect((await history('punch'))[0]).toEqual({
      at: NOW.toISOString(),
      from: 'firing',
      to: 'silenced',
      actor: ADMIN.name,
      until: silence.ends_at,
      comment: 'feed moved, ticket 7',
    });
    // The DT alert does not match: nothing written there.
    expect((await history('dt')).map((t) => t.to)).toEqual(['firing']);

    expect((await admin('DELETE', `/api/v1/silences/${silence.id}`)).statusCode).toBe(200);
    expect((await history('punch'))[0]).toEqual({
      at: NOW.toISOString(),
      from: 'firing',
      to: 'unsilenced',
      actor: ADMIN.name,
    });

    // A silence by rule matches both alerts (the labels need not match then).
    const byRule = await admin('POST', '/api/v1/silences', {
      matchers: { rule: 'source_silent', source: 'dt' },
      duration_seconds: 3600,
      comment: 'dt maintenance',
    });
    expect(byRule.statusCode).toBe(201);
    expect((await history('dt'))[0]).toMatchObject({ to: 'silenced', actor: ADMIN.name });
    expect((await history('punch'))[0]!.to).toBe('unsilenced');

    // Withdrawing and giving an acknowledgement: who, and until when.
    expect((await admin('DELETE', `/api/v1/alerts/${ALERT}/ack`)).statusCode).toBe(200);
    expect((await history('punch'))[0]).toMatchObject({ to: 'unacknowledged', actor: ADMIN.name });
    const ack = await admin('POST', `/api/v1/alerts/${ALERT}/ack`, {
      comment: 'on it',
      expires_in_seconds: 1800,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await history('punch'))[0]).toEqual({
      at: NOW.toISOString(),
      from: 'firing',
      to: 'acknowledged',
      actor: ADMIN.name,
      until: new Date(NOW.getTime() + 1800_000).toISOString(),
      comment: 'on it',
    });
  });
});
