import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * TypeBox schemas of the ingest API: validated by Fastify (a failure answers 400 naming the
 * field) and published in the OpenAPI description. Every string, array and number is bounded.
 */

/** Most items in one array of a request. */
export const MAX_ITEMS = 5000;
const INT4_MAX = 2_147_483_647;

function stringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}

/**
 * Optional and nullable: JSON clients often send `null` for "unknown". A `type` list (rather
 * than `anyOf`) keeps Ajv's type coercion from turning `null` into `""` or `0`.
 */
function nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: string }).type;
  return Type.Optional(Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] }));
}

const text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const count = (description?: string) =>
  Type.Integer({ minimum: 0, maximum: INT4_MAX, ...(description ? { description } : {}) });
const Uuid = Type.String({
  format: 'uuid',
  maxLength: 36,
  description: 'UUID chosen by the client',
});
const Timestamp = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'ISO-8601 with offset',
});
const HttpUrl = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://\\S+$' });
const SourceSlug = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' });
const Rate = Type.Number({ minimum: 0, maximum: 100, description: 'percentage, 0 to 100' });

/** A news site or feed. */
export const SourceSchema = Type.Object(
  {
    id: SourceSlug,
    name: text(200),
    kind: stringEnum(['rss', 'atom', 'html', 'api'] as const),
    url: HttpUrl,
    priority: Type.Integer({ minimum: 1, maximum: 5, description: '1 is the most important' }),
    enabled: Type.Boolean(),
    expected_interval_seconds: Type.Integer({ minimum: 1, maximum: 31_536_000 }),
  },
  { additionalProperties: false },
);

/** One stage of a run. */
export const StageSchema = Type.Object(
  {
    stage: stringEnum([
      'collection',
      'processing',
      'extraction',
      'geocoding',
      'validation',
    ] as const),
    state: stringEnum(['pending', 'running', 'succeeded', 'failed', 'skipped'] as const),
    items: count('items finished'),
    total: count('items given to the stage'),
    started_at: nullable(Timestamp),
    finished_at: nullable(Timestamp),
  },
  { additionalProperties: false },
);

/** A pipeline run; posting the same id again updates it. */
export const RunSchema = Type.Object(
  {
    id: Uuid,
    started_at: Timestamp,
    finished_at: nullable(Timestamp),
    state: stringEnum(['running', 'succeeded', 'partial', 'failed'] as const),
    trigger: stringEnum(['schedule', 'manual', 'demo', 'api'] as const),
    error: nullable(text(4000)),
    stages: Type.Optional(Type.Array(StageSchema, { maxItems: 10 })),
  },
  { additionalProperties: false },
);

/** One source within one run. */
export const SourceRunSchema = Type.Object(
  {
    id: Uuid,
    run_id: Uuid,
    source_id: SourceSlug,
    state: stringEnum(['running', 'succeeded', 'empty', 'failed'] as const),
    started_at: Timestamp,
    finished_at: nullable(Timestamp),
    duration_ms: nullable(count()),
    entries_seen: count(),
    articles_found: count(),
    articles_new: count(),
    duplicates: count(),
    too_old: count(),
    error: nullable(text(4000)),
  },
  { additionalProperties: false },
);

/** A collected article. */
export const ArticleSchema = Type.Object(
  {
    id: Uuid,
    source_id: SourceSlug,
    source_run_id: nullable(Uuid),
    url: HttpUrl,
    title: text(1000),
    summary: nullable(Type.String({ maxLength: 20_000 })),
    published_at: nullable(Timestamp),
    fetched_at: Timestamp,
    content_hash: text(128),
  },
  { additionalProperties: false },
);

/** A conflict event extracted from an article. */
export const EventSchema = Type.Object(
  {
    id: Uuid,
    article_id: nullable(Uuid),
    source_id: nullable(SourceSlug),
    run_id: nullable(Uuid),
    event_date: Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' }),
    event_type: text(100),
    state: nullable(text(100)),
    lga: nullable(text(100)),
    place: nullable(text(300)),
    latitude: nullable(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: nullable(Type.Number({ minimum: -180, maximum: 180 })),
    fatalities: nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    injuries: nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    geocoded: Type.Boolean(),
    geo_precision: stringEnum(['lga', 'state', 'none'] as const),
    validation_status: stringEnum(['pending', 'passed', 'needs_review', 'rejected'] as const),
    validation_reasons: Type.Array(text(500), { maxItems: 50 }),
    confidence: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);

/** A `data_quality_metrics` row; without `id`, one is derived from the content. */
export const QualityMetricSchema = Type.Object(
  {
    id: nullable(Uuid),
    timestamp: Timestamp,
    geocoding_attempts: count(),
    geocoding_successes: count(),
    geocoding_success_rate: Rate,
    validation_attempts: count(),
    validation_passes: count(),
    validation_pass_rate: Rate,
    metric_type: stringEnum(['aggregate', 'source-specific', 'hourly'] as const),
    source: nullable(text(200)),
    status: stringEnum(['pending', 'healthy', 'warning', 'error'] as const),
  },
  { additionalProperties: false },
);

const items = <T extends TSchema>(schema: T) => Type.Array(schema, { maxItems: MAX_ITEMS });

/** `POST /api/v1/ingest/sources`. */
export const SourcesBody = Type.Object(
  { sources: items(SourceSchema) },
  { additionalProperties: false },
);

/** `POST /api/v1/ingest/batch`: everything in one transaction. */
export const BatchBody = Type.Object(
  {
    run: Type.Optional(RunSchema),
    runs: Type.Optional(items(RunSchema)),
    source_runs: Type.Optional(items(SourceRunSchema)),
    articles: Type.Optional(items(ArticleSchema)),
    events: Type.Optional(items(EventSchema)),
    quality_metrics: Type.Optional(items(QualityMetricSchema)),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/ingest/runs`: `runs` (or a single `run`). */
export const RunsBody = Type.Object(
  { run: Type.Optional(RunSchema), runs: Type.Optional(items(RunSchema)) },
  { additionalProperties: false, minProperties: 1 },
);
/** `POST /api/v1/ingest/source-runs`. */
export const SourceRunsBody = Type.Object(
  { source_runs: items(SourceRunSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/articles`. */
export const ArticlesBody = Type.Object(
  { articles: items(ArticleSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/events`. */
export const EventsBody = Type.Object(
  { events: items(EventSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/quality-metrics`. */
export const QualityMetricsBody = Type.Object(
  { quality_metrics: items(QualityMetricSchema) },
  { additionalProperties: false },
);

const Counts = Type.Object({
  runs: count(),
  source_runs: count(),
  articles: count(),
  events: count(),
  quality_metrics: count(),
});

/** Answer of every batch-like route: what was stored, and what was already there. */
export const IngestReply = Type.Object(
  {
    accepted: Counts,
    duplicates: Counts,
  },
  {
    description:
      'accepted: stored as sent (new, updated, or already stored under the same id); duplicates: not stored, an equivalent row exists',
  },
);

/** Answer of `POST /api/v1/ingest/sources`. */
export const SourcesReply = Type.Object({
  accepted: Type.Object({ sources: count() }),
  duplicates: Type.Object({ sources: count() }),
});

/** Every error answer (see `http/error-handler.ts`). */
export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  statusCode: Type.Integer(),
  field: Type.Optional(Type.String()),
});

/** The optional `Idempotency-Key` header. */
export const IngestHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Replays the first answer for the same key and body; another body with the same key is 409',
    }),
  ),
});
