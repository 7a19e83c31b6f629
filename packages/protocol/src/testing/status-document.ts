import { STAGE_NAMES } from '../stage-names';
import type { SourceHealth, StatusDocument } from '../status-document';

/** The default time of {@link sampleStatusDocument}: fixed, so tests that need no clock agree. */
export const SAMPLE_TIME = new Date('2026-01-28T15:30:45.123Z');

export interface SampleStatusDocumentOptions {
  /** The document's `timestamp`; every other time is a fixed offset before it. */
  at?: Date;
  /** Top-level fields to replace; spread the sample's own section to change part of one. */
  overrides?: Partial<StatusDocument>;
}

const SOURCE_NAMES = ['Premium Times', 'Punch', 'Daily Trust', 'ThisDay'];
const RUN_ID = '2b1f4c1e-5d5c-4f59-9d59-1c1f0f3b9a01';
const FEED_ERROR = 'HTTP 503 from feed';

/**
 * A realistic, schema-valid status document of about 3.5 KB: a degraded pipeline with four
 * sources (the last one failing), five finished stages, a 4-hour quality trend, one anomaly and
 * one firing alert. For tests and benchmarks; it never leaves this `testing` entry point.
 */
export function sampleStatusDocument(options: SampleStatusDocumentOptions = {}): StatusDocument {
  const at = options.at ?? SAMPLE_TIME;
  const iso = (hoursAgo: number) => new Date(at.getTime() - hoursAgo * 3_600_000).toISOString();
  const sources = SOURCE_NAMES.map((name, i): SourceHealth => {
    const failing = i === SOURCE_NAMES.length - 1;
    return {
      id: `source-${i + 1}`,
      name,
      enabled: true,
      state: failing ? 'failing' : 'ok',
      last_run: iso(0.2),
      last_success: failing ? iso(6) : iso(0.2),
      last_error: failing ? FEED_ERROR : null,
      runs: 24,
      success_rate: failing ? 75 : 100,
      articles_collected: 40 + i * 3,
      events_extracted: 12 + i,
      expected_interval_seconds: 3600,
    };
  });
  const eventsExtracted = sources.reduce((sum, source) => sum + source.events_extracted, 0);
  return {
    timestamp: at.toISOString(),
    scraping_health: {
      sources_processed: sources.length,
      total_sources: sources.length,
      articles_collected: sources.reduce((sum, source) => sum + source.articles_collected, 0),
      events_extracted: eventsExtracted,
      failed_sources: 1,
      success_rate: 75,
      last_run: iso(0.2),
      last_error: FEED_ERROR,
      window_hours: 24,
      sources,
    },
    data_quality: {
      geocoding_success_rate: 88.9,
      validation_pass_rate: 90.7,
      status: 'healthy',
      basis: 'metrics',
      measured_at: iso(0.1),
      geocoding_attempts: eventsExtracted,
      geocoding_successes: 48,
      validation_attempts: eventsExtracted,
      validation_passes: 49,
      trend: Array.from({ length: 4 }, (_, h) => ({
        timestamp: iso(h),
        geocoding_success_rate: 85 + h,
        validation_pass_rate: 90 + (h % 3),
      })),
    },
    anomalies: [
      {
        id: 'event_spike:Borno',
        type: 'event_spike',
        severity: 'high',
        description: 'Borno: 31 events in 24 h against a baseline of 9',
        timestamp: iso(0.1),
        subject: 'Borno',
        observed: 31,
        expected: 9,
      },
    ],
    alerts: [
      {
        id: 'alert-1',
        type: 'source_failing',
        severity: 'medium',
        title: 'Source failing: ThisDay',
        message: `ThisDay has failed its last 6 runs (${FEED_ERROR})`,
        timestamp: iso(5),
        state: 'firing',
        since: iso(6),
      },
    ],
    overall_status: 'degraded',
    status: 'degraded',
    last_run: iso(0.2),
    pipeline_stages: STAGE_NAMES.map((name) => ({
      name,
      state: 'succeeded',
      items: 40,
      total: 42,
      duration_ms: 1200,
      run_id: RUN_ID,
    })),
    system_health: {
      database: { reachable: true, kind: 'postgres', query_ms: 4.2, error: null },
      stale: false,
      data_as_of: at.toISOString(),
      memory_rss_bytes: 145_000_000,
      heap_used_bytes: 60_000_000,
      uptime_seconds: 3600,
      node_id: 'sample-node',
    },
    ...options.overrides,
  };
}
