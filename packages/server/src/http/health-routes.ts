import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection';
import { probeDatabase } from '../status/database-probe';

/** Body of `GET /api/health` and `GET /api/v1/public/health` (200 ready, 503 not ready). */
export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  live: Type.Literal(true, { description: 'The process answers (always true when you read it)' }),
  ready: Type.Boolean({ description: 'The database answered a ping in time' }),
  database: Type.Object({
    reachable: Type.Boolean(),
    kind: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    latency_ms: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  }),
  uptime_seconds: Type.Number({ minimum: 0 }),
  node_id: Type.String(),
  version: Type.String(),
});
/** See {@link HealthSchema}. */
export type Health = Static<typeof HealthSchema>;

/** Body of `GET /api/health/live`: the process is up, whatever the database does. */
export const LivenessSchema = Type.Object({
  status: Type.Literal('ok'),
  live: Type.Literal(true),
  uptime_seconds: Type.Number({ minimum: 0 }),
  node_id: Type.String(),
  version: Type.String(),
});

/** Options of {@link healthRoutes}. */
export interface HealthRoutesOptions {
  database: Database;
  nodeId: string;
  /** Reported as `version`. @default the server package's version */
  version?: string;
  /** Longest the readiness ping may take; a hung database answers 503 after this. @default 2000 */
  pingTimeoutMs?: number;
}

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * Health routes. Readiness (`/api/health`, `/api/v1/public/health`: both in use by existing
 * clients) pings the database with a bounded timeout and answers 503 when it does not answer, so
 * a load balancer takes the node out; liveness (`/api/health/live`) never touches the database, so an
 * orchestrator does not restart a process whose only problem is the database.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (
  app,
  options,
) => {
  const version = options.version ?? PACKAGE_VERSION;
  const pingTimeoutMs = options.pingTimeoutMs ?? 2000;
  const uptimeSeconds = () => Math.round(process.uptime() * 10) / 10;

  const readiness = {
    schema: {
      tags: ['health'],
      summary: 'Readiness: 200 when the database answers, 503 when it does not',
      response: { 200: HealthSchema, 503: HealthSchema },
    },
  };
  for (const path of ['/api/health', '/api/v1/public/health']) {
    app.get(path, readiness, async (request, reply) => {
      const probe = await probeDatabase(options.database, pingTimeoutMs);
      if (!probe.reachable)
        request.log.warn({ error: probe.error }, 'readiness: database unavailable');
      const body: Health = {
        status: probe.reachable ? 'ok' : 'unavailable',
        live: true,
        ready: probe.reachable,
        database: {
          reachable: probe.reachable,
          kind: options.database.kind,
          latency_ms: probe.latencyMs,
        },
        uptime_seconds: uptimeSeconds(),
        node_id: options.nodeId,
        version,
      };
      return reply
        .header('Cache-Control', 'no-store')
        .status(probe.reachable ? 200 : 503)
        .send(body);
    });
  }

  app.get(
    '/api/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: 200 while the process runs; never touches the database',
        response: { 200: LivenessSchema },
      },
    },
    async (_request, reply) =>
      reply.header('Cache-Control', 'no-store').send({
        status: 'ok' as const,
        live: true as const,
        uptime_seconds: uptimeSeconds(),
        node_id: options.nodeId,
        version,
      }),
  );
};
