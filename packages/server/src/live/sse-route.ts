import type { OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger as Logger, FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PATHS, SSE_VERSION_PARAM } from '@naija-monitor/protocol';
import { MonitorError, UnauthorizedError } from '../errors';
import type { LiveMetrics } from '../metrics/live-metrics';
import { normaliseAddress } from '../access/client-address';
import type { ConnectionLimits } from './connection-limits';
import type { Hub } from './hub';
import type { LiveClientInit } from './live-client';
import { canReadStatus } from '../access/read-auth';
import { RefusalLog } from './refusal-log';
import { SseClient, jitteredRetryMs } from './sse-client';

/** What the SSE route needs. */
export interface SseRouteDeps {
  hub: Hub;
  limits: ConnectionLimits;
  metrics: LiveMetrics;
  authTokens: readonly string[];
  log: Logger;
  /** Common fields of a new client (id, address, times). */
  clientInit(ip: string): LiveClientInit;
  /** Sends the new client its first update; `lastSeq` is the `Last-Event-ID` it resumes from. */
  greet(client: SseClient, lastSeq: number | undefined): void;
}

const SseQuerySchema = Type.Object({
  token: Type.Optional(
    Type.String({
      description: 'Access token, when AUTH_TOKENS is set (EventSource cannot send headers)',
    }),
  ),
  [SSE_VERSION_PARAM]: Type.Optional(
    Type.Union([Type.Literal('1'), Type.Literal('2')], {
      description: 'Live protocol: 2 sends the full document, then merge patches (PROTOCOL.md)',
    }),
  ),
  lastEventId: Type.Optional(
    Type.String({
      description: 'Same as the Last-Event-ID header, for clients that cannot set it',
    }),
  ),
});

/**
 * `GET /api/v1/monitoring/pipeline-status/stream`: the live updates as Server-Sent Events, for
 * networks that block WebSocket. Same updates as WebSocket (`data:` is the same envelope,
 * `id:` its `seq`), same limits and authentication; `Last-Event-ID` resumes: a client already
 * holding the newest `seq` gets nothing until the next update, one behind gets the current
 * status at once.
 */
export function registerSseRoute(app: FastifyInstance, deps: SseRouteDeps): void {
  const refusals = new RefusalLog(deps.log, () => performance.now());
  app.get(
    PATHS.sse,
    {
      schema: {
        summary: 'Live status updates as Server-Sent Events',
        description:
          'Each event: `id:` = seq, `data:` = the pipeline_status_update envelope (same as WebSocket). ' +
          'Comments are heartbeats. Send Last-Event-ID to resume. 429/503 with Retry-After over the limits.',
        tags: ['live'],
        querystring: SseQuerySchema,
        produces: ['text/event-stream'],
        security: deps.authTokens.length > 0 ? [{ bearer: [] }] : [],
        response: {
          200: {
            description: 'An endless text/event-stream of pipeline_status_update envelopes',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      if (!canReadStatus(request, deps.authTokens)) {
        deps.metrics.refused('sse', 'unauthorized');
        throw new UnauthorizedError();
      }
      // request.ip is undefined once the peer is gone.
      const ip = normaliseAddress(request.ip ?? 'unknown');
      const refusal = deps.limits.admit({
        ip,
        origin: request.headers.origin,
        host: request.headers.host,
      });
      if (refusal) {
        deps.metrics.refused('sse', refusal.reason);
        refusals.refused(refusal.reason, {
          ip,
          statusCode: refusal.statusCode,
          transport: 'sse',
        });
        if (refusal.retryAfterSeconds !== undefined) {
          reply.header('retry-after', String(refusal.retryAfterSeconds));
        }
        throw new MonitorError(refusal.code, refusal.message, refusal.statusCode);
      }
      const header =
        request.headers['last-event-id'] ?? (request.query as { lastEventId?: string }).lastEventId;
      const lastEventId = (Array.isArray(header) ? header[0] : header)?.trim();
      const lastSeq =
        lastEventId !== undefined && /^\d{1,16}$/.test(lastEventId)
          ? Number(lastEventId)
          : undefined;

      reply.hijack();
      const response = reply.raw;
      // Keep the headers hooks set (security headers, CORS), then the stream's own.
      response.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      response.write(`retry: ${jitteredRetryMs()}\n\n`);
      const client = new SseClient(response, deps.clientInit(ip), {
        onClosed: (gone, cause) => deps.hub.remove(gone, cause),
      });
      if ((request.query as Record<string, string | undefined>)[SSE_VERSION_PARAM] === '2')
        client.protocol = 2;
      // A peer that left while the request was being handled has already emitted 'close'.
      if (response.destroyed || request.raw.socket.destroyed) return reply;
      deps.hub.add(client);
      deps.greet(client, lastSeq);
      return reply;
    },
  );
}
