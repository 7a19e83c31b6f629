import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AlertSeveritySchema, AlertStateSchema } from '@naija-monitor/protocol';
import type { Database } from '../db/connection';
import { ForbiddenError, InvalidInputError, MonitorError, UnauthorizedError } from '../errors';
import type { AlertRecord, Silence } from '../status/alerts/types';
import { AlertsRepository } from '../store/alerts-repository';
import { bearerToken, isLoopback, isLoopbackOrigin, tokenMatches } from './auth';
import { AlertHistoryPageSchema } from '@naija-monitor/protocol';
import { withConsoleFields } from './alert-console-fields';
import { SOURCE_ID } from './console-routes';

/**
 * Alert API: history, acknowledgements and silences.
 *
 *   GET    /api/v1/alerts                  history, newest first (?state=open|resolved|all, rule, limit, before)
 *   GET    /api/v1/alerts/:id              one alert
 *   POST   /api/v1/alerts/:id/ack          acknowledge an open alert { author, comment?, expires_in_seconds? }
 *   DELETE /api/v1/alerts/:id/ack          withdraw the acknowledgement
 *   GET    /api/v1/silences                silences in force (?include_ended=true for all)
 *   POST   /api/v1/silences                { matchers, author, comment, duration_seconds | ends_at, starts_at? }
 *   DELETE /api/v1/silences/:id            end a silence now
 *
 * With `AUTH_TOKENS` set every route needs `Authorization: Bearer <token>` (compared in
 * constant time). Without tokens reads are open like the status itself, and changes are
 * accepted from this host only (every proxy hop must be loopback).
 */

/** Options of {@link alertRoutes}. */
export interface AlertRoutesOptions {
  database: Database;
  /** `AUTH_TOKENS`; empty: open reads, writes from loopback only. */
  authTokens: readonly string[];
  /** Called after an acknowledgement or silence changes, to recompute and push the status now. */
  onChange?: () => void;
  /** @default () => new Date() */
  now?: () => Date;
}

/** No open alert, or no silence in force, with that id. */
export class NotFoundError extends MonitorError {
  override readonly name = 'NotFoundError';
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, 404);
  }
}

const IsoTime = Type.String({ format: 'date-time' });
const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);
const Author = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'Who acts (tokens are shared, so say who you are)',
});

/** One alert instance of the history. */
export const AlertHistoryItemSchema = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  fingerprint: Type.String(),
  severity: AlertSeveritySchema,
  state: AlertStateSchema,
  title: Type.String(),
  message: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  group: Type.String(),
  observed: Type.Union([Type.Number(), Type.Null()]),
  expected: Type.Union([Type.Number(), Type.Null()]),
  started_at: IsoTime,
  condition_since: NullableIsoTime,
  fired_at: NullableIsoTime,
  resolved_at: NullableIsoTime,
  updated_at: IsoTime,
  acknowledgement: Type.Union([
    Type.Object({
      by: Type.String(),
      at: IsoTime,
      comment: Type.Union([Type.String(), Type.Null()]),
      expires_at: NullableIsoTime,
    }),
    Type.Null(),
  ]),
});
/** See {@link AlertHistoryItemSchema}. */
export type AlertHistoryItem = Static<typeof AlertHistoryItemSchema>;

/** A silence. */
export const SilenceSchema = Type.Object({
  id: Type.String(),
  matchers: Type.Record(Type.String(), Type.String()),
  created_by: Type.String(),
  comment: Type.String(),
  starts_at: IsoTime,
  ends_at: IsoTime,
  created_at: IsoTime,
  expired_at: NullableIsoTime,
  active: Type.Boolean(),
});

const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  statusCode: Type.Integer(),
  field: Type.Optional(Type.String()),
});
const ERRORS = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const MAX_SILENCE_S = 30 * 24 * 3600;

const iso = (time: Date | null) => (time ? time.toISOString() : null);

function itemOf(record: AlertRecord): AlertHistoryItem {
  const ack = record.acknowledgement;
  return {
    id: record.id,
    rule: record.rule,
    fingerprint: record.fingerprint,
    severity: record.severity,
    state: record.state,
    title: record.title,
    message: record.message,
    labels: record.labels,
    group: record.group,
    observed: record.observed,
    expected: record.expected,
    started_at: record.startedAt.toISOString(),
    condition_since: iso(record.conditionSince),
    fired_at: iso(record.firedAt),
    resolved_at: iso(record.resolvedAt),
    updated_at: record.updatedAt.toISOString(),
    acknowledgement: ack
      ? {
          by: ack.by,
          at: ack.at.toISOString(),
          comment: ack.comment,
          expires_at: iso(ack.expiresAt),
        }
      : null,
  };
}

function silenceItem(silence: Silence, now: Date): Static<typeof SilenceSchema> {
  return {
    id: silence.id,
    matchers: silence.matchers,
    created_by: silence.createdBy,
    comment: silence.comment,
    starts_at: silence.startsAt.toISOString(),
    ends_at: silence.endsAt.toISOString(),
    created_at: silence.createdAt.toISOString(),
    expired_at: iso(silence.expiredAt),
    active: silence.expiredAt === null && silence.startsAt <= now && now < silence.endsAt,
  };
}

function hasToken(request: FastifyRequest, tokens: readonly string[]): boolean {
  return tokenMatches(bearerToken(request.headers.authorization), tokens);
}

function authorizeRead(request: FastifyRequest, tokens: readonly string[]): void {
  if (tokens.length > 0 && !hasToken(request, tokens)) throw new UnauthorizedError();
}

function authorizeWrite(request: FastifyRequest, tokens: readonly string[]): void {
  if (tokens.length > 0) {
    if (!hasToken(request, tokens)) throw new UnauthorizedError();
    return;
  }
  const hops = [request.socket.remoteAddress, ...(request.ips ?? [request.ip])];
  // A browser page of another site (CSRF, DNS rebinding) is not "this host" either.
  if (!hops.every(isLoopback) || !isLoopbackOrigin(request.headers.origin)) {
    throw new ForbiddenError(
      'Changing alerts from other hosts is disabled: set AUTH_TOKENS and send Authorization: Bearer <token>',
    );
  }
}

/** The alert API plugin; see the file header for routes and authentication. */
export const alertRoutes: FastifyPluginAsyncTypebox<AlertRoutesOptions> = async (app, options) => {
  const repository = new AlertsRepository(options.database.db);
  const now = options.now ?? (() => new Date());
  const tokens = options.authTokens;
  const changed = () => {
    try {
      options.onChange?.();
    } catch (error) {
      app.log.warn({ err: error }, 'alert change hook failed');
    }
  };
  const security = tokens.length > 0 ? [{ bearer: [] }] : [];

  app.get(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Alert history, newest first',
        tags: ['alerts'],
        security,
        querystring: Type.Object({
          state: Type.Optional(
            Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')]),
          ),
          rule: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          before: Type.Optional(IsoTime),
          source: Type.Optional(
            Type.String({
              maxLength: 100,
              pattern: SOURCE_ID,
              description: 'Only alerts whose `source` label is this (a source id)',
            }),
          ),
        }),
        // Items carry the console's fields too (transitions, silenced_by, …): see alert-console-fields.
        response: { 200: AlertHistoryPageSchema, ...ERRORS },
      },
    },
    async (request) => {
      authorizeRead(request, tokens);
      const { state, rule, limit, before, source } = request.query;
      const records = await repository.list({
        ...(state ? { state } : {}),
        ...(rule ? { rule } : {}),
        ...(limit ? { limit } : {}),
        ...(before ? { before: new Date(before) } : {}),
        ...(source ? { source } : {}),
      });
      return { alerts: await withConsoleFields(options.database, records.map(itemOf), now()) };
    },
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        summary: 'One alert',
        tags: ['alerts'],
        security,
        params: Id,
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      authorizeRead(request, tokens);
      const record = await repository.get(request.params.id);
      if (!record) throw new NotFoundError('Alert');
      return itemOf(record);
    },
  );

  app.post(
    '/api/v1/alerts/:id/ack',
    {
      schema: {
        summary: 'Acknowledge an open alert (stops reminders; shown on the dashboard)',
        tags: ['alerts'],
        security,
        params: Id,
        body: Type.Object(
          {
            author: Author,
            comment: Type.Optional(Type.String({ maxLength: 1000 })),
            expires_in_seconds: Type.Optional(
              Type.Integer({ minimum: 60, maximum: MAX_SILENCE_S }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      authorizeWrite(request, tokens);
      const at = now();
      const { author, comment, expires_in_seconds: expiresInS } = request.body;
      const record = await repository.acknowledge(request.params.id, {
        by: author,
        comment: comment ?? null,
        at,
        expiresAt: expiresInS ? new Date(at.getTime() + expiresInS * 1000) : null,
      });
      if (!record) throw new NotFoundError('Open alert');
      request.log.info({ alert: record.id, rule: record.rule, by: author }, 'alert acknowledged');
      changed();
      return itemOf(record);
    },
  );

  app.delete(
    '/api/v1/alerts/:id/ack',
    {
      schema: {
        summary: 'Withdraw the acknowledgement of an open alert',
        tags: ['alerts'],
        security,
        params: Id,
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      authorizeWrite(request, tokens);
      const record = await repository.unacknowledge(request.params.id);
      if (!record) throw new NotFoundError('Open alert');
      changed();
      return itemOf(record);
    },
  );

  app.get(
    '/api/v1/silences',
    {
      schema: {
        summary: 'Silences in force (and scheduled); ended ones too with include_ended',
        tags: ['alerts'],
        security,
        querystring: Type.Object({ include_ended: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ silences: Type.Array(SilenceSchema) }), ...ERRORS },
      },
    },
    async (request) => {
      authorizeRead(request, tokens);
      const at = now();
      const silences = await repository.listSilences(at, request.query.include_ended === true);
      return { silences: silences.map((silence) => silenceItem(silence, at)) };
    },
  );

  app.post(
    '/api/v1/silences',
    {
      schema: {
        summary: 'Silence alerts whose labels match (no notifications until it ends)',
        description:
          'Matchers are exact label values; the keys `rule` and `fingerprint` match those fields. Give `duration_seconds` or `ends_at`.',
        tags: ['alerts'],
        security,
        body: Type.Object(
          {
            matchers: Type.Record(
              Type.String({ minLength: 1, maxLength: 100 }),
              Type.String({ maxLength: 200 }),
              {
                minProperties: 1,
                maxProperties: 20,
              },
            ),
            author: Author,
            comment: Type.String({ minLength: 1, maxLength: 1000 }),
            starts_at: Type.Optional(IsoTime),
            ends_at: Type.Optional(IsoTime),
            duration_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_SILENCE_S })),
          },
          { additionalProperties: false },
        ),
        response: { 201: SilenceSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      authorizeWrite(request, tokens);
      const at = now();
      const body = request.body;
      const startsAt = body.starts_at ? new Date(body.starts_at) : at;
      if (body.ends_at !== undefined && body.duration_seconds !== undefined) {
        throw new InvalidInputError('body.ends_at', 'give ends_at or duration_seconds, not both');
      }
      const endsAt = body.ends_at
        ? new Date(body.ends_at)
        : body.duration_seconds
          ? new Date(startsAt.getTime() + body.duration_seconds * 1000)
          : null;
      if (!endsAt) throw new InvalidInputError('body.ends_at', 'give ends_at or duration_seconds');
      if (endsAt <= startsAt || endsAt <= at)
        throw new InvalidInputError('body.ends_at', 'must be in the future and after starts_at');
      if (endsAt.getTime() - startsAt.getTime() > MAX_SILENCE_S * 1000) {
        throw new InvalidInputError('body.ends_at', 'a silence lasts at most 30 days');
      }
      const silence = await repository.createSilence({
        matchers: body.matchers,
        createdBy: body.author,
        comment: body.comment,
        startsAt,
        endsAt,
      });
      request.log.info(
        { silence: silence.id, matchers: silence.matchers, by: body.author },
        'silence created',
      );
      changed();
      return reply.status(201).send(silenceItem(silence, at));
    },
  );

  app.delete(
    '/api/v1/silences/:id',
    {
      schema: {
        summary: 'End a silence now',
        tags: ['alerts'],
        security,
        params: Id,
        response: { 200: SilenceSchema, ...ERRORS },
      },
    },
    async (request) => {
      authorizeWrite(request, tokens);
      const at = now();
      const silence = await repository.expireSilence(request.params.id, at);
      if (!silence) throw new NotFoundError('Silence in force');
      changed();
      return silenceItem(silence, at);
    },
  );
};
