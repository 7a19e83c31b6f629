import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '@naija-monitor/protocol';
import { IsoTime } from './alert-answers';
import { SOURCE_ID } from './console-routes';

/** Request and error schemas of the alert API (`alert-routes.ts`). */

export const Author = Type.String({
  minLength: 1,
  maxLength: 100,
  description:
    'Ignored (kept for older clients): the recorded actor is the name of the ADMIN_TOKENS token used',
});

/** The error answers an alert route may give, all one {@link ErrorBodySchema}. */
export const ERRORS = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  429: ErrorBodySchema,
};

export const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** Schema bound of durations; the configured `MAX_SILENCE_DURATION` (≤ 365 days) is checked after. */
export const MAX_SILENCE_S = 365 * 24 * 3600;

/** `GET /api/v1/alerts` query. */
export const AlertListQuery = Type.Object({
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
});

/** `POST /api/v1/alerts/:id/ack` body. */
export const AckBody = Type.Object(
  {
    author: Type.Optional(Author),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
    expires_in_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_SILENCE_S })),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/silences` body. */
export const SilenceBody = Type.Object(
  {
    matchers: Type.Record(
      Type.String({ minLength: 1, maxLength: 100 }),
      Type.String({ maxLength: 200 }),
      {
        minProperties: 1,
        maxProperties: 20,
      },
    ),
    author: Type.Optional(Author),
    comment: Type.String({ minLength: 1, maxLength: 1000 }),
    starts_at: Type.Optional(IsoTime),
    ends_at: Type.Optional(IsoTime),
    duration_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_SILENCE_S })),
  },
  { additionalProperties: false },
);
