import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PATHS, StatusDocumentSchema } from '@naija-monitor/protocol';
import { MonitorError, UnauthorizedError } from '../errors';
import { StatusUnavailableError } from '../live/broadcaster';
import type { PreparedUpdate } from '../live/prepared-update';
import { canReadStatus } from '../live/read-auth';

/** What the status route needs from the live side. */
export interface StatusRouteDeps {
  authTokens: readonly string[];
  /** The newest update, computed first if none is fresh (see `LiveTransport.currentUpdate`). */
  currentUpdate(): Promise<PreparedUpdate>;
}

/** True when an `If-None-Match` header matches `etag` (weak comparison, lists and `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/**
 * `GET /api/v1/monitoring/pipeline-status`: the HTTP fallback. Returns the status document
 * itself (not wrapped), the same one the live clients got, from the broadcaster's cache; a
 * request finding nothing fresh triggers one computation (shared by every concurrent reader).
 * `ETag` ignores volatile fields, so a poller gets `304 Not Modified` until the pipeline changes.
 */
export function registerStatusRoutes(app: FastifyInstance, deps: StatusRouteDeps): void {
  app.get(
    PATHS.status,
    {
      schema: {
        summary: 'Current pipeline status (HTTP fallback of the live updates)',
        description:
          'The status document, the same as the `data` of a live update. Send If-None-Match with the last ETag to get 304 when nothing changed.',
        tags: ['status'],
        querystring: Type.Object({
          token: Type.Optional(
            Type.String({
              description: 'Access token when AUTH_TOKENS is set (or Authorization: Bearer)',
            }),
          ),
        }),
        security: deps.authTokens.length > 0 ? [{ bearer: [] }] : [],
        response: {
          200: StatusDocumentSchema,
          304: Type.Null({ description: 'Not modified since the ETag sent in If-None-Match' }),
        },
      },
    },
    async (request, reply) => {
      if (!canReadStatus(request, deps.authTokens)) throw new UnauthorizedError();
      let update: PreparedUpdate;
      try {
        update = await deps.currentUpdate();
      } catch (error) {
        if (error instanceof StatusUnavailableError) {
          reply.header('retry-after', '5');
          throw new MonitorError(error.code, error.message, 503, { cause: error });
        }
        throw error;
      }
      const etag = update.etag();
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      // Already JSON: sent as is, not serialized again.
      return reply.type('application/json; charset=utf-8').send(update.documentJson);
    },
  );
}
