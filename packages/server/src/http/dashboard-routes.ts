import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config';

/** Where `npm run build -w @naija-monitor/dashboard` writes the dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url));

/** Run-time settings the dashboard reads from `/config.js` (no rebuild to point it elsewhere). */
export interface DashboardRuntimeConfig {
  apiUrl: string | null;
  intervalMs: number;
}

/**
 * Serves the built dashboard at `/` and its run-time config at `/config.js`. When the
 * dashboard was not built, `/` says how to build it instead of failing obscurely.
 */
export async function registerDashboardRoutes(
  app: FastifyInstance,
  config: Config,
  distDir = DASHBOARD_DIST,
): Promise<void> {
  const runtime: DashboardRuntimeConfig = {
    apiUrl: config.dashboardApiUrl ?? null,
    intervalMs: config.broadcastIntervalMs,
  };
  app.get('/config.js', { schema: { hide: true } }, (_request, reply) => {
    reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(`window.__MONITOR_CONFIG__ = ${JSON.stringify(runtime)};\n`);
  });
  if (!existsSync(`${distDir}index.html`)) {
    app.get('/', { schema: { hide: true } }, (_request, reply) => {
      // JSON like every other error of this server (a client or test reading `/` gets the
      // same shape); the message says how to fix it.
      reply.status(503).send({
        error: 'DASHBOARD_NOT_BUILT',
        message:
          'The dashboard is not built yet. Run `npm run build -w @naija-monitor/dashboard` (npm start does it), then reload. The API is up: /api/v1/monitoring/pipeline-status, /docs.',
        statusCode: 503,
      });
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    index: ['index.html'],
    // One catch-all route rather than a route per file: a `config.js` left in dist/ by a
    // build can never clash with the generated /config.js above (exact routes win).
    wildcard: true,
    // Hashed assets never change; index.html must be revalidated to pick up new builds.
    // @fastify/static 10 passes the Fastify reply here, not Node's response.
    setHeaders: (reply, path) => {
      reply.header(
        'Cache-Control',
        /\/assets\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
