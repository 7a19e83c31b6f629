import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import type { EventInput, QualityMetricInput } from './ingest-types';
import {
  changed,
  chunks,
  fromExcluded,
  requireReferences,
  uuid,
  type Located,
  type WriteContext,
} from './write-context';

const EVENT_COLUMNS = [
  'article_id',
  'source_id',
  'run_id',
  'event_date',
  'event_type',
  'state',
  'lga',
  'place',
  'latitude',
  'longitude',
  'fatalities',
  'injuries',
  'geocoded',
  'geo_precision',
  'validation_status',
  'validation_reasons',
  'confidence',
] as const;

/**
 * Upserts conflict events by id: geocoding and validation may report the same event again
 * with new values. Within one batch the last report of an id wins (earlier ones are
 * duplicates). Links to articles deduplicated in this batch follow them to the stored article.
 */
export async function writeEvents(
  ctx: WriteContext,
  items: readonly Located<EventInput>[],
): Promise<void> {
  if (items.length === 0) return;
  const located = items.map(({ item, field }) => {
    const articleId = uuid(item.article_id);
    return {
      field,
      item: {
        ...item,
        id: uuid(item.id),
        run_id: uuid(item.run_id),
        article_id: (articleId && ctx.articleIds.get(articleId)) ?? articleId,
      },
    };
  });
  const refs = (key: 'article_id' | 'source_id' | 'run_id') =>
    located.map(({ item, field }) => ({ id: item[key], field: `${field}.${key}` }));
  await requireReferences(ctx.trx, 'articles', refs('article_id'));
  await requireReferences(ctx.trx, 'sources', refs('source_id'));
  await requireReferences(ctx.trx, 'pipeline_runs', refs('run_id'));

  const latest = new Map<string, EventInput>();
  for (const { item } of located) {
    if (latest.has(item.id)) ctx.result.duplicates.events += 1;
    latest.set(item.id, item);
  }
  // Sorted by id, so concurrent batches lock rows in the same order and cannot deadlock.
  const rows = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const slice of chunks(rows, EVENT_COLUMNS.length + 1)) {
    await ctx.trx
      .insertInto('conflict_events')
      .values(
        slice.map((item) => ({
          id: item.id,
          article_id: item.article_id ?? null,
          source_id: item.source_id ?? null,
          run_id: item.run_id ?? null,
          event_date: item.event_date,
          event_type: item.event_type,
          state: item.state ?? null,
          lga: item.lga ?? null,
          place: item.place ?? null,
          latitude: item.latitude ?? null,
          longitude: item.longitude ?? null,
          fatalities: item.fatalities ?? null,
          injuries: item.injuries ?? null,
          geocoded: item.geocoded,
          geo_precision: item.geo_precision,
          validation_status: item.validation_status,
          validation_reasons: item.validation_reasons,
          confidence: item.confidence ?? null,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(fromExcluded(EVENT_COLUMNS))
          .where(changed('conflict_events', EVENT_COLUMNS)),
      )
      .execute();
  }
  ctx.result.accepted.events += latest.size;
}

/**
 * A stable id for a metric posted without one: the same content always gets the same id, so
 * a replayed metric is stored once. Shaped as a UUID (version 8, "custom").
 */
export function derivedMetricId(metric: QualityMetricInput): string {
  const timestamp = new Date(metric.timestamp).toISOString();
  const hex = createHash('sha256')
    .update(
      JSON.stringify([
        timestamp,
        metric.metric_type,
        metric.source ?? null,
        metric.status,
        metric.geocoding_attempts,
        metric.geocoding_successes,
        metric.geocoding_success_rate,
        metric.validation_attempts,
        metric.validation_passes,
        metric.validation_pass_rate,
      ]),
    )
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function checkMetric(metric: QualityMetricInput, field: string): void {
  if (Number.isNaN(new Date(metric.timestamp).getTime())) {
    throw new InvalidInputError(`${field}.timestamp`, 'is not a date-time');
  }
  if (metric.geocoding_successes > metric.geocoding_attempts) {
    throw new InvalidInputError(
      `${field}.geocoding_successes`,
      'is greater than geocoding_attempts',
    );
  }
  if (metric.validation_passes > metric.validation_attempts) {
    throw new InvalidInputError(
      `${field}.validation_passes`,
      'is greater than validation_attempts',
    );
  }
  if (metric.metric_type === 'source-specific' && !metric.source) {
    throw new InvalidInputError(
      `${field}.source`,
      'is required when metric_type is "source-specific"',
    );
  }
}

/**
 * Inserts data quality rows; never updates them (a metric is a measurement at a time). A
 * known id is a replay and counts as accepted; the same id twice in one batch is a duplicate.
 */
export async function writeQualityMetrics(
  ctx: WriteContext,
  items: readonly Located<QualityMetricInput>[],
): Promise<void> {
  if (items.length === 0) return;
  const unique = new Map<string, QualityMetricInput>();
  for (const { item, field } of items) {
    checkMetric(item, field);
    const id = item.id ? uuid(item.id) : derivedMetricId(item);
    if (unique.has(id)) ctx.result.duplicates.quality_metrics += 1;
    else unique.set(id, item);
  }
  for (const slice of chunks([...unique], 11)) {
    await ctx.trx
      .insertInto('data_quality_metrics')
      .values(
        slice.map(([id, metric]) => ({
          id,
          timestamp: metric.timestamp,
          geocoding_attempts: metric.geocoding_attempts,
          geocoding_successes: metric.geocoding_successes,
          geocoding_success_rate: metric.geocoding_success_rate,
          validation_attempts: metric.validation_attempts,
          validation_passes: metric.validation_passes,
          validation_pass_rate: metric.validation_pass_rate,
          metric_type: metric.metric_type,
          source: metric.source ?? null,
          status: metric.status,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  ctx.result.accepted.quality_metrics += unique.size;
}
