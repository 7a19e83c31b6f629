import type { IngestQualityMetric } from '@naija-monitor/protocol';

/** Geocoding and validation counts over some set of events. */
export interface QualityCounts {
  geocodingAttempts: number;
  geocodingSuccesses: number;
  validationAttempts: number;
  validationPasses: number;
}

/** Both rates at or above this: healthy. */
export const HEALTHY_RATE = 80;
/** Either rate below this: error. Between the two: warning. */
export const ERROR_RATE = 50;

/** Percentage 0-100 with one decimal, or null with no attempts. */
export function rate(successes: number, attempts: number): number | null {
  return attempts === 0 ? null : Math.round((successes / attempts) * 1000) / 10;
}

/** The status of a metrics row, from its two rates (`pending` when nothing was attempted). */
export function qualityStatus(counts: QualityCounts): IngestQualityMetric['status'] {
  const rates = [
    rate(counts.geocodingSuccesses, counts.geocodingAttempts),
    rate(counts.validationPasses, counts.validationAttempts),
  ].filter((r): r is number => r !== null);
  if (rates.length === 0) return 'pending';
  if (rates.some((r) => r < ERROR_RATE)) return 'error';
  if (rates.some((r) => r < HEALTHY_RATE)) return 'warning';
  return 'healthy';
}

/** A `data_quality_metrics` row for the wire. Rates with no attempts are sent as 0. */
export function qualityRow(
  counts: QualityCounts,
  metricType: IngestQualityMetric['metric_type'],
  timestamp: Date,
  source: string | null,
  id: string,
): IngestQualityMetric {
  return {
    id,
    timestamp: timestamp.toISOString(),
    geocoding_attempts: counts.geocodingAttempts,
    geocoding_successes: counts.geocodingSuccesses,
    geocoding_success_rate: rate(counts.geocodingSuccesses, counts.geocodingAttempts) ?? 0,
    validation_attempts: counts.validationAttempts,
    validation_passes: counts.validationPasses,
    validation_pass_rate: rate(counts.validationPasses, counts.validationAttempts) ?? 0,
    metric_type: metricType,
    source,
    status: qualityStatus(counts),
  };
}

/** Adds counts. */
export function addCounts(a: QualityCounts, b: QualityCounts): QualityCounts {
  return {
    geocodingAttempts: a.geocodingAttempts + b.geocodingAttempts,
    geocodingSuccesses: a.geocodingSuccesses + b.geocodingSuccesses,
    validationAttempts: a.validationAttempts + b.validationAttempts,
    validationPasses: a.validationPasses + b.validationPasses,
  };
}

/** Zero counts. */
export const NO_COUNTS: QualityCounts = {
  geocodingAttempts: 0,
  geocodingSuccesses: 0,
  validationAttempts: 0,
  validationPasses: 0,
};

/**
 * This process's runs of the last hour, for the `hourly` rows: each run reports the quality
 * of the trailing 60 minutes, so the hourly series is smooth where per-run rows jump.
 */
export class TrailingHour {
  readonly #runs: Array<{ atMs: number; counts: QualityCounts }> = [];

  /** Adds a run's counts and returns the total over the hour ending at `at`. */
  add(at: Date, counts: QualityCounts): QualityCounts {
    const atMs = at.getTime();
    this.#runs.push({ atMs, counts });
    while (this.#runs.length > 0 && this.#runs[0]!.atMs <= atMs - 3_600_000) this.#runs.shift();
    return this.#runs.reduce((sum, run) => addCounts(sum, run.counts), NO_COUNTS);
  }
}
