import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { Config } from '../config';
import { UriTooLongError } from '../errors';
import { checkHost } from './host-policy';
import { HEALTH_PATHS, registerRateLimits } from './rate-limits';

/** Longest request target (path and query) accepted; longer answers 414. No route needs more. */
export const MAX_URL_BYTES = 2048;
/** Most request headers parsed; Node ignores the rest (their total size is bounded at 16 KB). */
export const MAX_HEADER_COUNT = 100;

/**
 * `ws://host wss://host` for the Host the page was served from, so the dashboard may open its
 * live connection to this server and to no other WebSocket host. Anything but a plain
 * `host[:port]` gets `'self'` only (nothing from a header goes into the policy unchecked).
 */
function sameHostSockets(request: IncomingMessage): string {
  const host = request.headers.host ?? '';
  return /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(host)
    ? `ws://${host} wss://${host}`
    : "'self'";
}

/**
 * Security headers on every answer, a strict CSP for the dashboard (no inline scripts, no
 * eval, connections only to this origin and the configured API), CORS limited to
 * `CORS_ORIGINS` (same origin only when unset), bounds on the request target and the number of
 * headers, the `ALLOWED_HOSTS` check and the per-client rate limits.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  app.server.maxHeadersCount = MAX_HEADER_COUNT;
  // Before routing and body parsing: an oversized URL costs nothing more.
  app.addHook('onRequest', async (request) => {
    if (request.raw.url && request.raw.url.length > MAX_URL_BYTES) {
      throw new UriTooLongError(request.raw.url.length, MAX_URL_BYTES);
    }
  });
  // Every route, the SSE stream included, answers only the names in ALLOWED_HOSTS (DNS
  // rebinding); the WebSocket upgrade applies the same rule (live/ws-upgrade.ts). Health
  // routes are exempt: orchestrators probe them by pod or container IP (Kubernetes sends
  // `Host: <pod IP>:<port>`), and they tell nothing about the pipeline's data.
  app.addHook('onRequest', async (request) => {
    if (HEALTH_PATHS.includes(request.url.split('?')[0] ?? '')) return;
    const refusal = checkHost(request.headers.host, config.allowedHosts);
    if (refusal) throw refusal;
  });
  await registerRateLimits(app, config.rateLimits);
  const apiOrigins = config.dashboardApiUrl ? [new URL(config.dashboardApiUrl).origin] : [];
  const wsOrigins = apiOrigins.map((origin) => origin.replace(/^http/, 'ws'));
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and uPlot set styles through the CSSOM, which CSP does not restrict.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // 'self' does not cover ws: in every browser, so the same host's ws/wss is listed too
        // (that host only: a bare `ws:` would let an injected script reach any host).
        connectSrc: ["'self'", sameHostSockets, ...apiOrigins, ...wsOrigins],
        // The dashboard's live SharedWorker is a script of this origin (issue #17).
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-None-Match',
        'Idempotency-Key',
        'Last-Event-ID',
      ],
      exposedHeaders: ['ETag', 'Retry-After', 'X-Status-Replay'],
      maxAge: 600,
    });
  }
}
