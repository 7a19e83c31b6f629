import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CONSOLE_RANGE_MS,
  ErrorBodySchema,
  ConsoleRangeSchema,
  NIGERIAN_STATES,
  QualitySeriesSchema,
  SourceActivitySchema,
  StateEventsSchema,
  StatesOverviewSchema,
  type QualitySeries,
  type SourceActivity,
  type SourceRunStatus,
  type StateEvents,
  type StatesOverview,
  type StatusDocument,
} from '@naija-monitor/protocol';
import type { Database } from '../db/connection';
import { InvalidInputError, NotFoundError } from '../errors';
import { AlertsRepository } from '../store/alerts-repository';
import { ConsoleQueries } from '../store/console-queries';
import { itemOf } from './alert-answers';
import { withConsoleFields } from './alert-console-fields';
import { authorizeConsoleRead, consoleSecurity } from '../access/console-read-auth';
import { registerOverviewRoute } from './overview-route';
import { qualitySeries } from './quality-series';
import { ReplayAtSchema, replayTime } from './replay-time';

/**
 * Operator console reads (issue #16; shapes in `@naija-monitor/protocol` console.ts):
 *
 *   GET /api/v1/overview?range=&at=                 scraping health and data quality over the range
 *   GET /api/v1/sources/:id/activity?range=&at=     one source: runs, daily counts, cadence, errors, open alerts
 *   GET /api/v1/states?range=&at=                   events per state (all 37), precision mix, sources, anomalies
 *   GET /api/v1/states/:state/events?range=&limit=&at= one state's events, newest first
 *   GET /api/v1/quality?range=&at=                  geocoding and validation rates per bucket
 *
 * `at` (replay): the data as of that moment: rows at or before it, windows ending at it, the
 * anomalies of the document published then; bounded by `replay-time.ts`.
 * Same read rule as the alert API (Bearer token when AUTH_TOKENS is set).
 */

/** Options of {@link consoleRoutes}. */
export interface ConsoleRoutesOptions {
  database: Database;
  authTokens: readonly string[];
  /** The current status document (for the states' anomalies); may reject when none is available. */
  currentDocument: () => Promise<StatusDocument>;
  /** The document as published at a past moment (the states' anomalies under `?at=`); null: none. */
  documentAt?: (at: Date) => Promise<StatusDocument | null>;
  /** How far back `?at=` may reach (`STATUS_HISTORY_DAYS`), ms. @default 7 days */
  replayRetentionMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

const ERRORS = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema };
const Range = Type.Object({
  range: Type.Optional(ConsoleRangeSchema),
  at: Type.Optional(ReplayAtSchema),
});
const DAY_MS = 86_400_000;
const MAX_RUNS = 500;
const MAX_ERRORS = 20;
const MAX_STATE_SOURCES = 20;
/** A source id as the `sources` table allows it (lower-case slug). */
export const SOURCE_ID = '^[a-z0-9][a-z0-9_-]*$';

const RUN_STATUS: Record<string, SourceRunStatus> = {
  succeeded: 'success',
  empty: 'empty',
  failed: 'failed',
  running: 'running',
};

/** Canonical state name by lower-case spelling (and the usual short names of the FCT). */
const STATE_BY_KEY = new Map<string, string>([
  ...NIGERIAN_STATES.map((name): [string, string] => [name.toLowerCase(), name]),
  ['fct', 'Federal Capital Territory'],
  ['abuja', 'Federal Capital Territory'],
  ['nassarawa', 'Nasarawa'],
]);
const canonicalState = (name: string): string | undefined =>
  STATE_BY_KEY.get(name.trim().toLowerCase());

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const consoleRoutes: FastifyPluginAsyncTypebox<ConsoleRoutesOptions> = async (
  app,
  options,
) => {
  const queries = new ConsoleQueries(options.database.db);
  const repository = new AlertsRepository(options.database.db);
  const now = options.now ?? (() => new Date());
  const tokens = options.authTokens;
  const security = consoleSecurity(tokens);
  const bounds = { retentionMs: options.replayRetentionMs ?? 7 * DAY_MS };
  /** The moment a read is about: `?at=` (validated) or now; `until` bounds the rows in replay. */
  const momentOf = (query: { at?: string | undefined }) => {
    const current = now();
    const at = replayTime(query.at, current, bounds);
    return { end: at ?? current, until: at ?? null };
  };

  registerOverviewRoute(app, {
    database: options.database,
    queries,
    tokens,
    security,
    momentOf,
  });

  app.get(
    '/api/v1/sources/:id/activity',
    {
      schema: {
        summary: "One source's activity: runs, daily counts, cadence, errors, open alerts",
        tags: ['console'],
        security,
        params: Type.Object({
          id: Type.String({ pattern: SOURCE_ID, maxLength: 100, description: 'Source id (slug)' }),
        }),
        querystring: Range,
        response: { 200: SourceActivitySchema, ...ERRORS },
      },
    },
    async (request): Promise<SourceActivity> => {
      authorizeConsoleRead(request, tokens);
      const range = request.query.range ?? '24h';
      const { end: at, until } = momentOf(request.query);
      const id = request.params.id;
      const source = await queries.source(id);
      if (!source)
        throw new NotFoundError(
          'source',
          `No source with id "${id}"; see the status document's sources`,
        );
      const since = new Date(at.getTime() - CONSOLE_RANGE_MS[range]);
      const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
      const firstDay = new Date(today - 6 * DAY_MS);
      const [runs, eventsPerRun, daily, lastProductive, errors, alerts] = await Promise.all([
        queries.sourceRuns(id, since, until, MAX_RUNS),
        queries.sourceEventsPerRun(id, since, until),
        queries.sourceDaily(id, firstDay, until),
        queries.lastProductiveAt(id, until),
        queries.sourceErrors(id, until, MAX_ERRORS),
        // In replay: the alerts open at that moment (started by then, not yet resolved).
        until
          ? repository
              .list({ source: id, before: new Date(until.getTime() + 1), limit: 100 })
              .then((list) => list.filter((alert) => !alert.resolvedAt || alert.resolvedAt > until))
          : repository.list({ state: 'open', source: id, limit: 100 }),
      ]);
      const byDay = new Map(daily.map((row) => [row.day, row]));
      const starts = runs.map((run) => run.started_at.getTime());
      const gaps = starts.slice(1).map((start, i) => (starts[i]! - start) / 1000);
      return {
        source: { id: source.id, name: source.name, enabled: source.enabled },
        range,
        runs: runs.map((run) => ({
          id: run.id,
          started_at: run.started_at.toISOString(),
          finished_at: run.finished_at?.toISOString() ?? null,
          status: RUN_STATUS[run.state] ?? 'failed',
          articles_found: Number(run.articles_found),
          articles_new: Number(run.articles_new),
          events: eventsPerRun.get(run.run_id) ?? 0,
          duration_ms: run.duration_ms === null ? null : Number(run.duration_ms),
          error: run.error,
        })),
        daily: Array.from({ length: 7 }, (_, i) => {
          const day = new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10);
          const row = byDay.get(day);
          return { day, articles: row?.articles ?? 0, events: row?.events ?? 0 };
        }),
        cadence: {
          expected_interval_seconds: source.expected_interval_seconds,
          median_actual_interval_seconds: median(gaps),
          last_productive_at: lastProductive?.toISOString() ?? null,
        },
        errors: errors.map((row) => ({
          at: row.at.toISOString(),
          message: row.error ?? 'failed without an error message',
        })),
        alerts: await withConsoleFields(options.database, alerts.map(itemOf), at),
      };
    },
  );

  app.get(
    '/api/v1/states',
    {
      schema: {
        summary:
          'Events per state (all 37), geocoding precision, sources, spikes and coverage gaps',
        tags: ['console'],
        security,
        querystring: Range,
        response: { 200: StatesOverviewSchema, ...ERRORS },
      },
    },
    async (request): Promise<StatesOverview> => {
      authorizeConsoleRead(request, tokens);
      const range = request.query.range ?? '24h';
      const { end, until } = momentOf(request.query);
      const since = new Date(end.getTime() - CONSOLE_RANGE_MS[range]);
      const [counts, sources, document] = await Promise.all([
        queries.stateCounts(since, until),
        queries.stateSources(since, until),
        // Without a document (none computed yet, none kept then) there are no anomaly flags.
        (until
          ? (options.documentAt?.(until) ?? Promise.resolve(null))
          : options.currentDocument()
        ).catch(() => null),
      ]);
      const states = new Map(
        NIGERIAN_STATES.map((state) => [
          state as string,
          {
            state,
            events: 0,
            fatalities: 0,
            precision: { lga: 0, state: 0, none: 0 },
            sourceCounts: new Map<string, number>(),
            spike: false,
            coverage_gap: false,
          },
        ]),
      );
      for (const row of counts) {
        const entry = states.get(canonicalState(row.state) ?? '');
        if (!entry) continue; // a name the geocoder does not write: not on the map
        entry.events += row.events;
        entry.fatalities += row.fatalities;
        entry.precision.lga += row.lga;
        entry.precision.state += row.state_only;
        entry.precision.none += row.none;
      }
      for (const row of sources) {
        const entry = states.get(canonicalState(row.state) ?? '');
        if (entry) {
          entry.sourceCounts.set(
            row.source,
            (entry.sourceCounts.get(row.source) ?? 0) + row.events,
          );
        }
      }
      for (const anomaly of document?.anomalies ?? []) {
        const subject = anomaly.subject ?? '';
        if (!subject.startsWith('state:')) continue;
        const entry = states.get(canonicalState(subject.slice('state:'.length)) ?? '');
        if (!entry) continue;
        if (anomaly.type === 'event_spike') entry.spike = true;
        if (anomaly.type === 'coverage_gap') entry.coverage_gap = true;
      }
      return {
        range,
        states: [...states.values()].map(({ sourceCounts, ...entry }) => ({
          ...entry,
          sources: [...sourceCounts.entries()]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .slice(0, MAX_STATE_SOURCES)
            .map(([name]) => name),
        })),
      };
    },
  );

  app.get(
    '/api/v1/states/:state/events',
    {
      schema: {
        summary: "One state's events, newest first",
        tags: ['console'],
        security,
        params: Type.Object({ state: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object({
          range: Type.Optional(ConsoleRangeSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          at: Type.Optional(ReplayAtSchema),
        }),
        response: { 200: StateEventsSchema, ...ERRORS },
      },
    },
    async (request): Promise<StateEvents> => {
      authorizeConsoleRead(request, tokens);
      const state = canonicalState(request.params.state);
      if (!state) {
        throw new InvalidInputError(
          'params.state',
          'not a Nigerian state; use a name as listed by GET /api/v1/states',
        );
      }
      const range = request.query.range ?? '24h';
      const { end, until } = momentOf(request.query);
      const since = new Date(end.getTime() - CONSOLE_RANGE_MS[range]);
      const rows = await queries.stateEvents(state, since, until, request.query.limit ?? 100);
      return {
        state,
        events: rows.map((row) => ({
          id: row.id,
          occurred_at: row.event_date,
          event_type: row.event_type,
          fatalities: row.fatalities,
          lga: row.lga,
          title: row.title,
          url: row.url,
          source: row.source,
        })),
      };
    },
  );

  app.get(
    '/api/v1/quality',
    {
      schema: {
        summary: 'Geocoding success and validation pass rates over time',
        description:
          'Hourly buckets for 24h and 7d, 5-minute buckets for 1h, oldest first, empty buckets as null. Rates come from data_quality_metrics where the pipeline wrote them, from the events otherwise.',
        tags: ['console'],
        security,
        querystring: Range,
        response: { 200: QualitySeriesSchema, ...ERRORS },
      },
    },
    async (request): Promise<QualitySeries> => {
      authorizeConsoleRead(request, tokens);
      const range = request.query.range ?? '24h';
      const { end, until } = momentOf(request.query);
      return { range, points: await qualitySeries(queries, range, end, until !== null) };
    },
  );
};
