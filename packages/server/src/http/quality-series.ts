import { CONSOLE_RANGE_MS, type ConsoleRange, type QualitySeries } from '@naija-monitor/protocol';
import type { ConsoleQueries, QualityBucketRow } from '../store/console-queries';

/** 5-minute buckets for an hour, hourly buckets otherwise. */
const bucketSeconds = (range: ConsoleRange): number => (range === '1h' ? 300 : 3600);

const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;

/**
 * Geocoding and validation rates per bucket over `range`, the last bucket holding `end`, oldest
 * first, empty buckets as null: from `data_quality_metrics` where the pipeline wrote them, from
 * the events otherwise. `replay`: rows after `end` are left out (`?at=`).
 */
export async function qualitySeries(
  queries: ConsoleQueries,
  range: ConsoleRange,
  end: Date,
  replay: boolean,
): Promise<QualitySeries['points']> {
  const size = bucketSeconds(range);
  const count = CONSOLE_RANGE_MS[range] / 1000 / size;
  const last = Math.floor(end.getTime() / 1000 / size);
  const first = last - count + 1;
  const rows = await queries.qualityBuckets(
    new Date(first * size * 1000),
    replay ? end : null,
    size,
  );
  const byBucket = new Map<number, QualityBucketRow>(rows.map((row) => [row.bucket, row]));
  return Array.from({ length: count }, (_, i) => {
    const bucket = first + i;
    const row = byBucket.get(bucket);
    const geocoding = row
      ? row.metric_geo_attempts > 0
        ? rate(row.metric_geo_successes, row.metric_geo_attempts)
        : rate(row.events_geocoded, row.events)
      : null;
    const validation = row
      ? row.metric_val_attempts > 0
        ? rate(row.metric_val_passes, row.metric_val_attempts)
        : rate(row.events_passed, row.events_validated)
      : null;
    return {
      at: new Date(bucket * size * 1000).toISOString(),
      geocoding_success_rate: geocoding,
      validation_pass_rate: validation,
    };
  });
}
