import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { PATHS } from '@naija-monitor/protocol';
import { UnauthorizedError } from '../errors';
import { canReadStatus } from '../access/read-auth';
import { MetricsSummarySchema, type MetricsSummary } from '../metrics/metrics-summary';

/** What the metrics routes need. */
export interface MetricsRouteDeps {
  registry: Registry;
  summary(): MetricsSummary;
  /** With tokens set, both routes need one (Prometheus: `authorization.credentials`). */
  authTokens: readonly string[];
}

/** JSON summary of the monitor's own health, for the dashboard. */
export const METRICS_SUMMARY_PATH = '/api/v1/monitoring/metrics';

/**
 * `GET /metrics` (Prometheus text format, this app's registry) and
 * `GET /api/v1/monitoring/metrics` (a JSON summary the dashboard shows).
 */
export function registerMetricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): void {
  const security = deps.authTokens.length > 0 ? [{ bearer: [] }] : [];
  app.get(
    PATHS.metrics,
    {
      schema: {
        summary: 'Prometheus metrics of this process',
        tags: ['metrics'],
        security,
        produces: ['text/plain'],
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      if (!canReadStatus(request, deps.authTokens)) throw new UnauthorizedError();
      const text = await deps.registry.metrics();
      return reply.header('cache-control', 'no-store').type(deps.registry.contentType).send(text);
    },
  );
  app.get(
    METRICS_SUMMARY_PATH,
    {
      schema: {
        summary:
          "The monitor's own health: connections, rates, broadcast and computation times, event-loop lag",
        tags: ['metrics'],
        security,
        response: { 200: MetricsSummarySchema },
      },
    },
    async (request, reply) => {
      if (!canReadStatus(request, deps.authTokens)) throw new UnauthorizedError();
      return reply.header('cache-control', 'no-store').send(deps.summary());
    },
  );
}
