import type { StatusDocument } from '@naija-monitor/protocol';

/**
 * A valid status document for unit tests of the live side, which never look inside it;
 * `eventsExtracted` makes documents tell apart. Integration tests use the real status engine.
 */
export function liveTestDocument(
  eventsExtracted = 0,
  at = new Date('2026-01-28T15:30:45.123Z'),
): StatusDocument {
  return {
    timestamp: at.toISOString(),
    scraping_health: {
      sources_processed: 1,
      total_sources: 1,
      articles_collected: 3,
      events_extracted: eventsExtracted,
      failed_sources: 0,
      success_rate: 100,
      last_run: null,
      last_error: null,
      window_hours: 24,
      sources: [],
    },
    data_quality: {
      geocoding_success_rate: 87.5,
      validation_pass_rate: 92.3,
      status: 'healthy',
      basis: 'metrics',
      measured_at: null,
      geocoding_attempts: 8,
      geocoding_successes: 7,
      validation_attempts: 13,
      validation_passes: 12,
      trend: [],
    },
    anomalies: [],
    alerts: [],
    overall_status: 'healthy',
    status: 'healthy',
    last_run: null,
    pipeline_stages: [],
    system_health: {
      database: { reachable: true, kind: 'pglite', query_ms: 3.2, error: null },
      stale: false,
      data_as_of: at.toISOString(),
      memory_rss_bytes: 100_000_000,
      heap_used_bytes: 50_000_000,
      uptime_seconds: 12.5,
      node_id: 'test-node',
    },
  };
}
