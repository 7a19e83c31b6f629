import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { Config } from '../config';

/**
 * Security headers on every answer, a strict CSP for the dashboard (no inline scripts, no
 * eval, connections only to this origin and the configured API), and CORS limited to
 * `CORS_ORIGINS` (same origin only when unset).
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
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
        // 'self' does not cover ws: in every browser, so the same host's ws/wss is listed too.
        connectSrc: ["'self'", 'ws:', 'wss:', ...apiOrigins, ...wsOrigins],
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
      exposedHeaders: ['ETag', 'Retry-After'],
      maxAge: 600,
    });
  }
}
