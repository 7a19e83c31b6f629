import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import {
  ErrorBodySchema,
  IngestArticlesBodySchema,
  IngestBatchBodySchema,
  IngestEventsBodySchema,
  IngestQualityMetricsBodySchema,
  IngestReplySchema,
  IngestRunsBodySchema,
  IngestSourceRunsBodySchema,
  IngestSourcesBodySchema,
  IngestSourcesReplySchema,
} from '@naija-monitor/protocol';
import type { Database } from '../db/connection';
import { ForbiddenError, InvalidInputError, UnauthorizedError } from '../errors';
import { createIngestStore, type IdempotentAnswer, type IngestStore } from '../store/ingest-store';
import type { IngestBatch } from '../store/ingest-types';
import { bearerToken, tokenMatches } from '../access/auth';
import { firstFutureField } from './ingest-clock';
import { IngestHeaders } from './ingest-schemas';

/** Options of {@link ingestRoutes}. */
export interface IngestRoutesOptions {
  database: Database;
  /** `INGEST_TOKENS` secrets (or the generated one); empty: ingest is closed (403). */
  ingestTokens: readonly string[];
  /** The write API; tests may pass their own. @default createIngestStore(database) */
  store?: IngestStore;
  /** How long an `Idempotency-Key` is remembered. @default 86_400_000 (24 h) */
  idempotencyKeyTtlMs?: number;
  /** `INGEST_MAX_FUTURE_SECONDS` in ms: later timestamps are refused. @default 300_000 */
  maxFutureMs?: number;
}

/** Largest request body; larger answers 413. */
export const INGEST_BODY_LIMIT_BYTES = 1024 * 1024;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

const ERRORS = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  409: ErrorBodySchema,
  413: ErrorBodySchema,
  429: ErrorBodySchema,
};

/**
 * Every caller presents an ingest token, loopback included: "from this host" proves nothing
 * once a reverse proxy or a tunnel (ngrok, cloudflared, ssh -R) runs on this host, since all
 * their traffic arrives from 127.0.0.1. `npm start` passes the generated token to its demo
 * pipeline, so no caller needs an exception.
 */
function authorize(request: FastifyRequest, reply: FastifyReply, tokens: readonly string[]): void {
  if (tokens.length === 0) {
    throw new ForbiddenError(
      'Ingest is disabled on this server: set INGEST_TOKENS (at least 16 random characters) and send Authorization: Bearer <token>',
    );
  }
  if (tokenMatches(bearerToken(request.headers.authorization), tokens)) return;
  void reply.header('www-authenticate', 'Bearer realm="ingest"');
  throw new UnauthorizedError(
    'Missing or invalid ingest token: send Authorization: Bearer <one of INGEST_TOKENS> (npm start keeps a generated one in <DATA_DIR>/ingest-token)',
  );
}

function bodyHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}

/**
 * The ingest API for remote pipelines: `POST /api/v1/ingest/{sources,batch,runs,source-runs,
 * articles,events,quality-metrics}`. Bearer-authenticated, bounded and validated bodies,
 * one transaction per request, idempotent by the client's ids and by `Idempotency-Key`.
 */
export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRoutesOptions> = async (
  app,
  options,
) => {
  const store = options.store ?? createIngestStore(options.database);
  const ttlMs = options.idempotencyKeyTtlMs ?? 86_400_000;

  // onRequest runs before the body is read: an unauthorised caller costs no parsing.
  app.addHook('onRequest', async (request, reply) =>
    authorize(request, reply, options.ingestTokens),
  );

  // After validation, before any write: a timestamp in the future is a 400 naming its field.
  const maxFutureMs = options.maxFutureMs ?? 300_000;
  app.addHook('preHandler', async (request) => {
    const field = firstFutureField(request.body, Date.now() + maxFutureMs);
    if (field) {
      throw new InvalidInputError(
        field,
        `is more than ${Math.round(maxFutureMs / 1000)} s in the future; check the pipeline's clock and time zone`,
      );
    }
  });

  const prune = setInterval(() => {
    store.pruneIdempotencyKeys(new Date(Date.now() - ttlMs)).catch((error: unknown) => {
      app.log.warn({ err: error }, 'pruning idempotency keys failed');
    });
  }, PRUNE_INTERVAL_MS);
  prune.unref();
  app.addHook('onClose', async () => clearInterval(prune));

  /** Answers with the store's result, or the stored first answer for a known key. */
  async function answer<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    write: () => Promise<T>,
    writeOnce: (claim: {
      key: string;
      route: string;
      bodyHash: string;
    }) => Promise<IdempotentAnswer<T>>,
  ): Promise<T> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') {
      const body = await write();
      void reply.code(201);
      return body;
    }
    const route = request.routeOptions.url ?? request.url;
    const result = await writeOnce({ key, route, bodyHash: bodyHash(request.body) });
    void reply.code(result.statusCode);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  const common = {
    tags: ['ingest'],
    security: [{ bearer: [] }],
    headers: IngestHeaders,
  };

  app.post(
    '/api/v1/ingest/sources',
    {
      bodyLimit: INGEST_BODY_LIMIT_BYTES,
      schema: {
        ...common,
        summary: 'Upsert news sources',
        description:
          'Creates or updates sources by id (a slug). Sources must exist before runs, articles or events name them.',
        body: IngestSourcesBodySchema,
        response: { 201: IngestSourcesReplySchema, ...ERRORS },
      },
    },
    (request, reply) =>
      answer(
        request,
        reply,
        () => store.upsertSources(request.body.sources),
        (claim) => store.upsertSourcesOnce(claim, request.body.sources),
      ),
  );

  /** Registers one batch-like route; `toBatch` maps its body onto a batch. */
  function batchRoute<S extends TSchema>(
    path: string,
    body: S,
    summary: string,
    description: string,
    toBatch: (body: Static<S>) => IngestBatch,
  ): void {
    app.post(
      path,
      {
        bodyLimit: INGEST_BODY_LIMIT_BYTES,
        schema: {
          ...common,
          summary,
          description,
          body,
          response: { 201: IngestReplySchema, ...ERRORS },
        },
      },
      (request, reply) => {
        const batch = toBatch(request.body);
        return answer(
          request,
          reply,
          () => store.recordBatch(batch),
          (claim) => store.recordBatchOnce(claim, batch),
        );
      },
    );
  }

  const same = (body: IngestBatch) => body;
  batchRoute(
    '/api/v1/ingest/batch',
    IngestBatchBodySchema,
    'Record a run, its source results, articles, events and quality metrics at once',
    'All in one transaction: if any item is invalid (the error names it, e.g. events[3].source_id), nothing is stored. ' +
      'Posting a run again with the same id updates it. Replaying a batch stores nothing new and answers the same counts.',
    same,
  );
  batchRoute(
    '/api/v1/ingest/runs',
    IngestRunsBodySchema,
    'Upsert pipeline runs',
    'Body: `runs` (or a single `run`). Same rules as /batch.',
    same,
  );
  batchRoute(
    '/api/v1/ingest/source-runs',
    IngestSourceRunsBodySchema,
    'Upsert per-source results',
    'Same rules as /batch.',
    same,
  );
  batchRoute(
    '/api/v1/ingest/articles',
    IngestArticlesBodySchema,
    'Insert articles',
    'Deduplicated by id, url and content hash. Same rules as /batch.',
    same,
  );
  batchRoute(
    '/api/v1/ingest/events',
    IngestEventsBodySchema,
    'Upsert conflict events',
    'Same rules as /batch.',
    same,
  );
  batchRoute(
    '/api/v1/ingest/quality-metrics',
    IngestQualityMetricsBodySchema,
    'Insert data quality metrics',
    'Rows of data_quality_metrics; without an id, one is derived from the content. Same rules as /batch.',
    same,
  );
};
