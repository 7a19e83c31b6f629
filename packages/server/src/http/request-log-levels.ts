import type { FastifyInstance } from 'fastify';
import { PATHS } from '@naija-monitor/protocol';
import type { Config } from '../config';

/**
 * Routes hit on a schedule or by every page load: health checks, metrics scrapes, status polls,
 * dashboard assets. Logging each of them at `info` buries everything else (19 000 dashboards
 * polling every 5 s would be thousands of lines a second), so their request lines are written
 * only when `LOG_LEVEL` is `debug` or `trace`. Errors (5xx) are still logged by the error handler.
 */
export function isRoutineRoute(url: string): boolean {
  return (
    (PATHS.health as readonly string[]).includes(url) ||
    url.startsWith('/api/health') ||
    url === PATHS.metrics ||
    url === '/api/v1/monitoring/metrics' ||
    url === PATHS.status ||
    url === '/config.js' ||
    url === '/' ||
    url === '/*' ||
    url.startsWith('/assets')
  );
}

/** Lowers routine routes' request logs to debug; call before any route is registered. */
export function quietRoutineRequestLogs(app: FastifyInstance, config: Pick<Config, 'logLevel'>) {
  if (config.logLevel === 'debug' || config.logLevel === 'trace') return;
  app.addHook('onRoute', (route) => {
    // Fastify has already filled in the instance's level here, so this replaces it.
    if (isRoutineRoute(route.url)) route.logLevel = 'warn';
  });
}
