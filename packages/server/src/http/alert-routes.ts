import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Database } from '../db/connection';
import { InvalidInputError, NotFoundError, SilenceLimitError, UnauthorizedError } from '../errors';
import { AlertAuditRepository } from '../store/alert-audit-repository';
import { AlertsRepository } from '../store/alerts-repository';
import {
  attributeUnacknowledgement,
  recordSilenceTransition,
} from '../store/alert-transition-writes';
import { adminGuard, readGuard } from '../access/alert-access';
import {
  AuditEntrySchema,
  auditItem,
  iso,
  itemOf,
  SilenceSchema,
  silenceItem,
} from './alert-answers';
import type { NamedToken } from '../access/auth';

import { AlertHistoryItemSchema, AlertHistoryPageSchema } from '@naija-monitor/protocol';
import { withConsoleFields } from './alert-console-fields';
import { AckBody, AlertListQuery, ERRORS, Id, SilenceBody } from './alert-schemas';

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
 *   GET    /api/v1/alert-audit             who acknowledged, silenced or ended what (?limit)
 *
 * Reads: open like the status itself without `AUTH_TOKENS`; with it, `Authorization: Bearer`
 * with a read or an admin token. Changes: only `Authorization: Bearer` with an `ADMIN_TOKENS`
 * token (never a query string, never "this host": a proxy or tunnel on this host would make
 * everyone local); without `ADMIN_TOKENS` they are closed. The check runs in `onRequest`,
 * before the body is read. The recorded actor is the admin token's name (`name:secret`); a
 * body's `author` is accepted for compatibility and ignored (anyone can type any name).
 */

/** Options of {@link alertRoutes}. */
export interface AlertRoutesOptions {
  database: Database;
  /** Read secrets (`AUTH_TOKENS`); empty: open reads. */
  authTokens: readonly string[];
  /** `ADMIN_TOKENS`: may change alerts (and read); empty: changes are closed. */
  adminTokens: readonly NamedToken[];
  /** `MAX_ACTIVE_SILENCES`. @default 100 */
  maxActiveSilences?: number;
  /** `MAX_SILENCE_DURATION` in ms, also the longest acknowledgement expiry. @default 7 days */
  maxSilenceDurationMs?: number;
  /**
   * Called after an acknowledgement or silence changes (tests count them). The app needs none:
   * the alert tables' `pipeline_change` trigger makes the status recompute.
   */
  onChange?: () => void;
  /** @default () => new Date() */
  now?: () => Date;
}

const DEFAULT_MAX_SILENCE_MS = 7 * 24 * 3600 * 1000;

/** The alert API plugin; see the file header for routes and authentication. */
export const alertRoutes: FastifyPluginAsyncTypebox<AlertRoutesOptions> = async (app, options) => {
  const repository = new AlertsRepository(options.database.db);
  const audit = new AlertAuditRepository(options.database.db);
  const now = options.now ?? (() => new Date());
  const maxSilenceMs = options.maxSilenceDurationMs ?? DEFAULT_MAX_SILENCE_MS;
  const maxActiveSilences = options.maxActiveSilences ?? 100;
  // An admin token also reads; without read tokens reads are open anyway.
  const readTokens =
    options.authTokens.length > 0
      ? [...options.authTokens, ...options.adminTokens.map((token) => token.secret)]
      : [];
  const actors = new WeakMap<FastifyRequest, NamedToken>();
  const adminOnly = adminGuard(options.adminTokens, readTokens, actors);
  const readersOnly = readGuard(readTokens);
  /** The admin token the guard accepted for `request`. */
  const actorOf = (request: FastifyRequest): string => {
    const actor = actors.get(request);
    if (!actor) throw new UnauthorizedError();
    return actor.name;
  };
  const changed = () => {
    try {
      options.onChange?.();
    } catch (error) {
      app.log.warn({ err: error }, 'alert change hook failed');
    }
  };
  const security = readTokens.length > 0 ? [{ bearer: [] }] : [];
  const adminSecurity = [{ bearer: [] }];

  app.get(
    '/api/v1/alerts',
    {
      onRequest: readersOnly,
      schema: {
        summary: 'Alert history, newest first',
        tags: ['alerts'],
        security,
        querystring: AlertListQuery,
        // Items carry the console's fields too (transitions, silenced_by, …): see alert-console-fields.
        response: { 200: AlertHistoryPageSchema, ...ERRORS },
      },
    },
    async (request) => {
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
      onRequest: readersOnly,
      schema: {
        summary: 'One alert',
        tags: ['alerts'],
        security,
        params: Id,
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      const record = await repository.get(request.params.id);
      if (!record) throw new NotFoundError('Alert');
      return itemOf(record);
    },
  );

  app.post(
    '/api/v1/alerts/:id/ack',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Acknowledge an open alert (stops reminders; shown on the dashboard)',
        tags: ['alerts'],
        security: adminSecurity,
        params: Id,
        body: AckBody,
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const actor = actorOf(request);
      const { comment, expires_in_seconds: expiresInS } = request.body;
      if (expiresInS !== undefined && expiresInS * 1000 > maxSilenceMs) {
        throw new InvalidInputError(
          'body.expires_in_seconds',
          `at most ${maxSilenceMs / 1000} seconds (MAX_SILENCE_DURATION)`,
        );
      }
      const expiresAt = expiresInS ? new Date(at.getTime() + expiresInS * 1000) : null;
      const record = await repository.acknowledge(request.params.id, {
        by: actor,
        comment: comment ?? null,
        at,
        expiresAt,
      });
      if (!record) throw new NotFoundError('Open alert');
      await audit.record({
        at,
        actor,
        action: 'acknowledged',
        subjectId: record.id,
        details: { rule: record.rule, comment: comment ?? null, expires_at: iso(expiresAt) },
      });
      request.log.info({ alert: record.id, rule: record.rule, by: actor }, 'alert acknowledged');
      changed();
      return itemOf(record);
    },
  );

  app.delete(
    '/api/v1/alerts/:id/ack',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Withdraw the acknowledgement of an open alert',
        tags: ['alerts'],
        security: adminSecurity,
        params: Id,
        response: { 200: AlertHistoryItemSchema, ...ERRORS },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const at = now();
      const record = await repository.unacknowledge(request.params.id);
      if (!record) throw new NotFoundError('Open alert');
      await attributeUnacknowledgement(options.database.db, record.id, actor, at);
      await audit.record({
        at,
        actor,
        action: 'unacknowledged',
        subjectId: record.id,
        details: { rule: record.rule },
      });
      request.log.info(
        { alert: record.id, rule: record.rule, by: actor },
        'acknowledgement withdrawn',
      );
      changed();
      return itemOf(record);
    },
  );

  app.get(
    '/api/v1/silences',
    {
      onRequest: readersOnly,
      schema: {
        summary: 'Silences in force (and scheduled); ended ones too with include_ended',
        tags: ['alerts'],
        security,
        querystring: Type.Object({ include_ended: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ silences: Type.Array(SilenceSchema) }), ...ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const silences = await repository.listSilences(at, request.query.include_ended === true);
      return { silences: silences.map((silence) => silenceItem(silence, at)) };
    },
  );

  app.post(
    '/api/v1/silences',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Silence alerts whose labels match (no notifications until it ends)',
        description:
          'Matchers are exact label values; the keys `rule` and `fingerprint` match those fields. Give `duration_seconds` or `ends_at`.',
        tags: ['alerts'],
        security: adminSecurity,
        body: SilenceBody,
        response: { 201: SilenceSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const at = now();
      const actor = actorOf(request);
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
      const maxDays = Math.round((maxSilenceMs / 86_400_000) * 100) / 100;
      if (endsAt.getTime() - startsAt.getTime() > maxSilenceMs) {
        throw new InvalidInputError(
          'body.ends_at',
          `a silence lasts at most ${maxSilenceMs / 1000} seconds (${maxDays} days, MAX_SILENCE_DURATION)`,
        );
      }
      if (startsAt.getTime() - at.getTime() > maxSilenceMs) {
        throw new InvalidInputError(
          'body.starts_at',
          `a silence starts at most ${maxSilenceMs / 1000} seconds (${maxDays} days, MAX_SILENCE_DURATION) from now`,
        );
      }
      // Bounded (L5): a flood of silences would otherwise push legitimate ones out of view.
      // Count and insert are two statements, so concurrent creations may overshoot by a few;
      // ALERT_WRITES_PER_IP_PER_MINUTE bounds that.
      if ((await audit.countActiveSilences(at)) >= maxActiveSilences) {
        throw new SilenceLimitError(maxActiveSilences);
      }
      const silence = await repository.createSilence({
        matchers: body.matchers,
        createdBy: actor,
        comment: body.comment,
        startsAt,
        endsAt,
      });
      // In each matched alert's history too: "silenced by X until Y".
      await recordSilenceTransition(options.database.db, {
        matchers: silence.matchers,
        to: 'silenced',
        actor,
        at,
        until: silence.endsAt,
        comment: silence.comment,
      });
      await audit.record({
        at,
        actor,
        action: 'silence_created',
        subjectId: silence.id,
        details: {
          matchers: silence.matchers,
          comment: silence.comment,
          starts_at: silence.startsAt.toISOString(),
          ends_at: silence.endsAt.toISOString(),
        },
      });
      request.log.info(
        { silence: silence.id, matchers: silence.matchers, by: actor },
        'silence created',
      );
      changed();
      return reply.status(201).send(silenceItem(silence, at));
    },
  );

  app.delete(
    '/api/v1/silences/:id',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'End a silence now',
        tags: ['alerts'],
        security: adminSecurity,
        params: Id,
        response: { 200: SilenceSchema, ...ERRORS },
      },
    },
    async (request) => {
      const at = now();
      const actor = actorOf(request);
      const silence = await repository.expireSilence(request.params.id, at);
      if (!silence) throw new NotFoundError('Silence in force');
      await recordSilenceTransition(options.database.db, {
        matchers: silence.matchers,
        to: 'unsilenced',
        actor,
        at,
        until: null,
        comment: null,
      });
      await audit.record({
        at,
        actor,
        action: 'silence_ended',
        subjectId: silence.id,
        details: { matchers: silence.matchers },
      });
      request.log.info({ silence: silence.id, by: actor }, 'silence ended');
      changed();
      return silenceItem(silence, at);
    },
  );

  app.get(
    '/api/v1/alert-audit',
    {
      onRequest: readersOnly,
      schema: {
        summary: 'Who acknowledged, silenced or ended what, newest first',
        description:
          'Actors are the names of ADMIN_TOKENS tokens. A silence that ran to its end appears as silence_expired by `system`.',
        tags: ['alerts'],
        security,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }), ...ERRORS },
      },
    },
    async (request) => {
      const entries = await audit.list(now(), request.query.limit ?? 100);
      return { entries: entries.map(auditItem) };
    },
  );
};
