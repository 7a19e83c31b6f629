import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CONSOLE_RANGE_MS,
  ErrorBodySchema,
  ConsoleOverviewSchema,
  ConsoleRangeSchema,
  type ConsoleOverview,
  type ConsoleRange,
} from '@naija-monitor/protocol';
import type { Database } from '../db/connection';
import type { ConsoleQueries } from '../store/console-queries';
import { readWindowedStatus } from '../status/windowed-status';
import { authorizeConsoleRead } from '../access/console-read-auth';
import { qualitySeries } from './quality-series';
import { ReplayAtSchema } from './replay-time';

/** What {@link registerOverviewRoute} needs from the console plugin. */
export interface OverviewRouteDeps {
  database: Database;
  queries: ConsoleQueries;
  tokens: readonly string[];
  security: { bearer: string[] }[];
  /** `?at=` validated, or now; `until` is set in replay only. */
  momentOf: (query: { at?: string | undefined }) => { end: Date; until: Date | null };
}

/**
 * `GET /api/v1/overview?range=&at=`: the overview panels' figures over the console's range
 * (issue #16: every panel follows the range), computed like the live document's (same read,
 * same builders) but over 1 h, 24 h or 7 d, ending now or at a replayed moment. Read-only; the
 * live document keeps its 24 h window (contract v1).
 */
export function registerOverviewRoute(app: FastifyInstance, deps: OverviewRouteDeps): void {
  app.get(
    '/api/v1/overview',
    {
      schema: {
        summary: 'Scraping health and data quality over a range (the overview panels)',
        description:
          'The status document’s windowed parts computed over range (default 24h), ending now or at `at`. `data_quality.trend` is the range in buckets (as /api/v1/quality).',
        tags: ['console'],
        security: deps.security,
        querystring: Type.Object({
          range: Type.Optional(ConsoleRangeSchema),
          at: Type.Optional(ReplayAtSchema),
        }),
        response: {
          200: ConsoleOverviewSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
        },
      },
    },
    async (request): Promise<ConsoleOverview> => {
      authorizeConsoleRead(request, deps.tokens);
      const query = request.query as { range?: ConsoleRange; at?: string };
      const range = query.range ?? '24h';
      const { end, until } = deps.momentOf(query);
      const replay = until !== null;
      const windowMs = CONSOLE_RANGE_MS[range];
      const [windowed, trend] = await Promise.all([
        readWindowedStatus(deps.database.db, { windowMs, end, replay }),
        qualitySeries(deps.queries, range, end, replay),
      ]);
      return {
        range,
        at: end.toISOString(),
        window_hours: windowMs / 3_600_000,
        scraping_health: windowed.scraping_health,
        data_quality: {
          ...windowed.data_quality,
          trend: trend.map((point) => ({
            timestamp: point.at,
            geocoding_success_rate: point.geocoding_success_rate,
            validation_pass_rate: point.validation_pass_rate,
          })),
        },
      };
    },
  );
}
