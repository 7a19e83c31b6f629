import type { DataQuality, QualityPoint, QualityStatus } from '@naija-monitor/protocol';
import type { StatusRows } from '../store/status-queries';
import { hourIndex, hourStart, percent, roundRate } from './rates';
import type { StatusPolicy } from './status-policy';

/** Hourly points in the trend: the current hour and the 23 before it. */
export const TREND_HOURS = 24;

/** Start of the trend's first hour for a document computed at `now`. */
export function trendStart(now: Date): Date {
  return hourStart(hourIndex(now) - (TREND_HOURS - 1));
}

/**
 * Data quality: from the newest aggregate `data_quality_metrics` row within the policy's lookback
 * when there is one (basis `metrics`), otherwise from the conflict events of the window (basis
 * `events`), otherwise nothing to say (basis `none`). The hourly trend comes from the same basis.
 */
export function buildDataQuality(rows: StatusRows, now: Date, policy: StatusPolicy): DataQuality {
  const metrics = rows.qualityMetrics;
  if (metrics) {
    const byHour = new Map(
      rows.qualityTrend.map((bucket) => [
        bucket.hour,
        {
          geocoding:
            percent(bucket.geocoding_successes, bucket.geocoding_attempts) ??
            roundRate(bucket.geocoding_rate_avg),
          validation:
            percent(bucket.validation_passes, bucket.validation_attempts) ??
            roundRate(bucket.validation_rate_avg),
        },
      ]),
    );
    return {
      geocoding_success_rate:
        roundRate(metrics.geocoding_success_rate) ??
        percent(metrics.geocoding_successes, metrics.geocoding_attempts),
      validation_pass_rate:
        roundRate(metrics.validation_pass_rate) ??
        percent(metrics.validation_passes, metrics.validation_attempts),
      status: metrics.status,
      basis: 'metrics',
      measured_at: metrics.timestamp.toISOString(),
      geocoding_attempts: metrics.geocoding_attempts,
      geocoding_successes: metrics.geocoding_successes,
      validation_attempts: metrics.validation_attempts,
      validation_passes: metrics.validation_passes,
      trend: hourlyTrend(now, byHour),
    };
  }

  const totals = { events: 0, geocoded: 0, validated: 0, passed: 0 };
  for (const group of rows.eventsBySource) {
    totals.events += group.events;
    totals.geocoded += group.geocoded;
    totals.validated += group.validated;
    totals.passed += group.passed;
  }
  const byHour = new Map(
    rows.eventsByHour.map((hour) => [
      hour.hour,
      {
        geocoding: percent(hour.geocoded, hour.events),
        validation: percent(hour.passed, hour.validated),
      },
    ]),
  );
  const geocodingRate = percent(totals.geocoded, totals.events);
  const validationRate = percent(totals.passed, totals.validated);
  return {
    geocoding_success_rate: geocodingRate,
    validation_pass_rate: validationRate,
    status:
      totals.events === 0 ? 'pending' : qualityStatus([geocodingRate, validationRate], policy),
    basis: totals.events === 0 ? 'none' : 'events',
    measured_at: totals.events === 0 ? null : now.toISOString(),
    // Every extracted event goes through geocoding; validation counts only finished verdicts.
    geocoding_attempts: totals.events,
    geocoding_successes: totals.geocoded,
    validation_attempts: totals.validated,
    validation_passes: totals.passed,
    trend: hourlyTrend(now, byHour),
  };
}

/** The worst verdict over the known rates: below the error rate, below the warning rate, or fine. */
export function qualityStatus(
  rates: readonly (number | null)[],
  policy: StatusPolicy,
): QualityStatus {
  const known = rates.filter((rate): rate is number => rate !== null);
  if (known.length === 0) return 'pending';
  const lowest = Math.min(...known);
  if (lowest < policy.qualityErrorRate) return 'error';
  if (lowest < policy.qualityWarningRate) return 'warning';
  return 'healthy';
}

/** One point per hour of the trend, null where that hour has no data. */
function hourlyTrend(
  now: Date,
  byHour: ReadonlyMap<number, { geocoding: number | null; validation: number | null }>,
): QualityPoint[] {
  const first = hourIndex(trendStart(now));
  return Array.from({ length: TREND_HOURS }, (_, offset) => {
    const point = byHour.get(first + offset);
    return {
      timestamp: hourStart(first + offset).toISOString(),
      geocoding_success_rate: point?.geocoding ?? null,
      validation_pass_rate: point?.validation ?? null,
    };
  });
}
