import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { PATHS } from '@naija-monitor/protocol';
import type { RateLimits } from '../config';
import { RateLimitedError } from '../errors';
import { addressBucket } from './ip-ranges';

/**
 * Per-client HTTP rate limits (@fastify/rate-limit, in-process fixed windows of one minute).
 * The client is `request.ip` (what `TRUST_PROXY` makes of the forwarding headers), IPv6 by /64
 * since one host holds a whole /64. Each bucket is shared by the routes listed for it:
 *
 *   reads         GET status, metrics, alert history, audit and silences
 *   sse           GET the Server-Sent Events stream (a new stream)
 *   ingest        POST /api/v1/ingest/*
 *   alert writes  POST/DELETE acknowledgements and silences
 *   auth failures every 401 answer; past the limit every request (health aside) gets 429
 *
 * Health routes and the dashboard's files are never limited. Over a limit: 429, `Retry-After`
 * (seconds) and a JSON body naming the setting to raise.
 */

const WINDOW_MS = 60_000;
/** Addresses remembered per bucket (least recently seen forgotten first): bounds memory. */
const MAX_TRACKED_CLIENTS = 10_000;

type Bucket = 'reads' | 'sse' | 'ingest' | 'alertWrites';

const SETTING: Record<Bucket | 'authFailures', [keyof RateLimits, string]> = {
  reads: ['statusPerMinute', 'STATUS_REQUESTS_PER_IP_PER_MINUTE'],
  sse: ['sseOpensPerMinute', 'SSE_OPENS_PER_IP_PER_MINUTE'],
  ingest: ['ingestPerMinute', 'INGEST_REQUESTS_PER_IP_PER_MINUTE'],
  alertWrites: ['alertWritesPerMinute', 'ALERT_WRITES_PER_IP_PER_MINUTE'],
  authFailures: ['authFailuresPerMinute', 'AUTH_FAILURES_PER_IP_PER_MINUTE'],
};

/** Health routes: never limited, never Host-checked (probes, load balancers). */
export const HEALTH_PATHS: readonly string[] = [...PATHS.health, '/api/health/live'];

/** The bucket of a route, or null for routes that are not limited. */
export function bucketOf(method: string, url: string): Bucket | null {
  const write = method === 'POST' || method === 'DELETE';
  if (url === PATHS.sse) return method === 'GET' ? 'sse' : null;
  if (url.startsWith('/api/v1/ingest/')) return write ? 'ingest' : null;
  // /api/v1/alerts…, /api/v1/alert-audit and /api/v1/silences…
  if (url.startsWith('/api/v1/alert') || url.startsWith('/api/v1/silences')) {
    return write ? 'alertWrites' : method === 'GET' ? 'reads' : null;
  }
  if (url === PATHS.status || url === PATHS.metrics || url === '/api/v1/monitoring/metrics') {
    return method === 'GET' ? 'reads' : null;
  }
  return null;
}

/**
 * The client's bucket: its address with IPv6 grouped by /64. `request.ip` is undefined once
 * the peer has gone (a raw request whose socket closed mid-way): such a request shares one
 * bucket instead of throwing inside the limiter.
 */
export function clientKey(request: Pick<FastifyRequest, 'ip' | 'socket'>): string {
  const address = request.ip ?? request.socket?.remoteAddress;
  return address ? addressBucket(address) : 'unknown-peer';
}

const WHAT: Record<Bucket | 'authFailures', string> = {
  reads: 'status reads',
  sse: 'new event streams',
  ingest: 'ingest requests',
  alertWrites: 'alert changes',
  authFailures: 'refused credentials',
};

/**
 * Registers the limits on `app`. Call before any route is added: routes are matched to their
 * bucket as they are registered.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ipv6Subnet: 64,
    cache: MAX_TRACKED_CLIENTS,
  });
  const limiter = (bucket: Bucket | 'authFailures') => {
    const max = limits[SETTING[bucket][0]];
    return {
      bucket,
      max,
      check: app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: clientKey }),
    };
  };
  const buckets = {
    reads: limiter('reads'),
    sse: limiter('sse'),
    ingest: limiter('ingest'),
    alertWrites: limiter('alertWrites'),
  };
  const authFailures = limiter('authFailures');

  const refuse = (
    reply: { header(name: string, value: string): unknown },
    bucket: Bucket | 'authFailures',
    max: number,
    ttlInSeconds: number,
  ): never => {
    const retryAfter = Math.max(1, ttlInSeconds);
    reply.header('retry-after', String(retryAfter));
    throw new RateLimitedError(WHAT[bucket], max, SETTING[bucket][1], retryAfter);
  };

  // A client that keeps presenting bad credentials is refused everything for the rest of the
  // window (guessing tokens, or a misconfigured client hammering): checked before routing.
  app.addHook('onRequest', async (request, reply) => {
    if (HEALTH_PATHS.includes(request.url.split('?')[0] ?? '')) return;
    const state = await authFailures.check(request, { increment: false });
    if (!state.isAllowed && state.remaining === 0) {
      refuse(reply, 'authFailures', authFailures.max, state.ttlInSeconds);
    }
  });
  // Only 401 (missing or wrong credentials), which is what guessing produces; a 403 means the
  // credentials were fine but not enough, and must not lock a dashboard out of reading.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401) await authFailures.check(request);
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const bucket = bucketOf(method, route.url);
      if (bucket === null) continue;
      const { max, check } = buckets[bucket];
      const hook = async (
        request: FastifyRequest,
        reply: { header(n: string, v: string): unknown },
      ) => {
        if (request.method !== method) return;
        const state = await check(request);
        if (!state.isAllowed && state.isExceeded) refuse(reply, bucket, max, state.ttlInSeconds);
      };
      const existing = route.onRequest;
      route.onRequest = [
        hook,
        ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      ];
      break;
    }
  });
}
