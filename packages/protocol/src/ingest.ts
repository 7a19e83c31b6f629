import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Bodies and answers of the ingest API, `POST /api/v1/ingest/*` (JSON, snake_case): the server
 * validates with these schemas (a failure answers 400 naming the field) and publishes them in
 * its OpenAPI description; pipelines build their requests from the `Static` types. Every string,
 * array and number is bounded.
 */

/** Most items in one array of a request. */
export const INGEST_MAX_ITEMS = 5000;
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

/** A news site or feed; upserted by `id` (a slug). */
export const IngestSourceSchema = Type.Object(
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
export type IngestSource = Static<typeof IngestSourceSchema>;

/** One stage of a run: how many items it finished out of how many it was given. */
export const IngestStageSchema = Type.Object(
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
export type IngestStage = Static<typeof IngestStageSchema>;

/** A pipeline run; posted first as `running`, then again (same id) with its final state. */
export const IngestRunSchema = Type.Object(
  {
    id: Uuid,
    started_at: Timestamp,
    finished_at: nullable(Timestamp),
    state: stringEnum(['running', 'succeeded', 'partial', 'failed'] as const),
    trigger: stringEnum(['schedule', 'manual', 'demo', 'api'] as const),
    error: nullable(text(4000)),
    stages: Type.Optional(Type.Array(IngestStageSchema, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type IngestRun = Static<typeof IngestRunSchema>;

/**
 * One source within one run. `empty`: fetched fine, nothing new; `failed`: could not be fetched
 * or parsed.
 */
export const IngestSourceRunSchema = Type.Object(
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
export type IngestSourceRun = Static<typeof IngestSourceRunSchema>;

/** A collected article; deduplicated by id, url and content hash. */
export const IngestArticleSchema = Type.Object(
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
export type IngestArticle = Static<typeof IngestArticleSchema>;

/** A conflict event extracted from an article, geocoded and validated. */
export const IngestEventSchema = Type.Object(
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
export type IngestEvent = Static<typeof IngestEventSchema>;

/** A `data_quality_metrics` row; without `id`, one is derived from the content. */
export const IngestQualityMetricSchema = Type.Object(
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
export type IngestQualityMetric = Static<typeof IngestQualityMetricSchema>;

const items = <T extends TSchema>(schema: T) => Type.Array(schema, { maxItems: INGEST_MAX_ITEMS });

/** `POST /api/v1/ingest/sources`. */
export const IngestSourcesBodySchema = Type.Object(
  { sources: items(IngestSourceSchema) },
  { additionalProperties: false },
);
export type IngestSourcesBody = Static<typeof IngestSourcesBodySchema>;

/** `POST /api/v1/ingest/batch`: everything in one transaction, all or nothing. */
export const IngestBatchBodySchema = Type.Object(
  {
    run: Type.Optional(IngestRunSchema),
    runs: Type.Optional(items(IngestRunSchema)),
    source_runs: Type.Optional(items(IngestSourceRunSchema)),
    articles: Type.Optional(items(IngestArticleSchema)),
    events: Type.Optional(items(IngestEventSchema)),
    quality_metrics: Type.Optional(items(IngestQualityMetricSchema)),
  },
  { additionalProperties: false },
);
export type IngestBatchBody = Static<typeof IngestBatchBodySchema>;

/** `POST /api/v1/ingest/runs`: `runs` (or a single `run`). */
export const IngestRunsBodySchema = Type.Object(
  { run: Type.Optional(IngestRunSchema), runs: Type.Optional(items(IngestRunSchema)) },
  { additionalProperties: false, minProperties: 1 },
);
/** `POST /api/v1/ingest/source-runs`. */
export const IngestSourceRunsBodySchema = Type.Object(
  { source_runs: items(IngestSourceRunSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/articles`. */
export const IngestArticlesBodySchema = Type.Object(
  { articles: items(IngestArticleSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/events`. */
export const IngestEventsBodySchema = Type.Object(
  { events: items(IngestEventSchema) },
  { additionalProperties: false },
);
/** `POST /api/v1/ingest/quality-metrics`. */
export const IngestQualityMetricsBodySchema = Type.Object(
  { quality_metrics: items(IngestQualityMetricSchema) },
  { additionalProperties: false },
);

/** Item counts per kind, as the ingest API answers them. */
export const IngestCountsSchema = Type.Object({
  runs: count(),
  source_runs: count(),
  articles: count(),
  events: count(),
  quality_metrics: count(),
});
export type IngestCounts = Static<typeof IngestCountsSchema>;

/** Answer of every batch-like route: what was stored, and what was already there. */
export const IngestReplySchema = Type.Object(
  {
    accepted: IngestCountsSchema,
    duplicates: IngestCountsSchema,
  },
  {
    description:
      'accepted: stored as sent (new, updated, or already stored under the same id); duplicates: not stored, an equivalent row exists',
  },
);
export type IngestReply = Static<typeof IngestReplySchema>;

/** Answer of `POST /api/v1/ingest/sources`. */
export const IngestSourcesReplySchema = Type.Object({
  accepted: Type.Object({ sources: count() }),
  duplicates: Type.Object({ sources: count() }),
});
export type IngestSourcesReply = Static<typeof IngestSourcesReplySchema>;
