import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema, PATHS, StatusDocumentSchema } from '@naija-monitor/protocol';
import {
  MonitorError,
  NothingStoredError,
  StatusUnavailableError,
  UnauthorizedError,
} from '../errors';
import type { PreparedUpdate } from '../live/prepared-update';
import { canReadStatus } from '../access/read-auth';
import { STATUS_HISTORY_PATH, queryTime, type Replay } from './history-routes';

/** What the status route needs from the live side. */
export interface StatusRouteDeps {
  authTokens: readonly string[];
  /** The newest update, computed first if none is fresh (see `MonitorServices.currentUpdate` in compose.ts). */
  currentUpdate(): Promise<PreparedUpdate>;
  /** The document as published at a past moment (`?at=`); unset: `at` is refused. */
  replay?: (at: Date) => Promise<Replay | null>;
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
 * itself (not wrapped), the same one the live clients got, from the scheduler's cache; a
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
          at: Type.Optional(
            Type.String({
              format: 'date-time',
              description:
                'Replay: the document as published at this moment (the newest stored publication at or before it), with header X-Status-Replay: <published time>; 404 when nothing was stored before it',
            }),
          ),
        }),
        security: deps.authTokens.length > 0 ? [{ bearer: [] }] : [],
        response: {
          200: StatusDocumentSchema,
          304: Type.Null({ description: 'Not modified since the ETag sent in If-None-Match' }),
          404: Type.Object(ErrorBodySchema.properties, {
            description: '`at` given and no document was stored at or before it',
          }),
        },
      },
    },
    async (request, reply) => {
      if (!canReadStatus(request, deps.authTokens)) throw new UnauthorizedError();
      const at = (request.query as { at?: string }).at;
      if (at !== undefined) {
        if (!deps.replay) throw new MonitorError('NOT_FOUND', 'No status history is kept', 404);
        const time = queryTime('querystring.at', at);
        const replay = await deps.replay(time);
        if (!replay) throw new NothingStoredError(time, STATUS_HISTORY_PATH);
        return reply
          .header('x-status-replay', replay.publishedAt.toISOString())
          .header('cache-control', 'no-cache')
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(replay.document));
      }
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
