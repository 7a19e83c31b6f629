import type { StatusDocument } from '@naija-monitor/protocol';

/**
 * A schema-valid status document for tests. `articles` varies the content so successive
 * documents differ; `at` sets every timestamp.
 */
export function makeStatusDocument(options: { articles?: number; at?: Date } = {}): StatusDocument {
  const at = (options.at ?? new Date()).toISOString();
  const articles = options.articles ?? 125;
  return {
    timestamp: at,
    scraping_health: {
      sources_processed: 5,
      total_sources: 8,
      articles_collected: articles,
      events_extracted: 42,
      failed_sources: 1,
      success_rate: 87.5,
      last_run: at,
      last_error: null,
      window_hours: 24,
      sources: [],
    },
    data_quality: {
      geocoding_success_rate: 87.5,
      validation_pass_rate: 92.3,
      status: 'healthy',
      basis: 'metrics',
      measured_at: at,
      geocoding_attempts: 40,
      geocoding_successes: 35,
      validation_attempts: 13,
      validation_passes: 12,
      trend: [],
    },
    anomalies: [],
    alerts: [],
    overall_status: 'healthy',
    status: 'healthy',
    last_run: at,
    pipeline_stages: [],
    system_health: {
      database: { reachable: true, kind: 'pglite', query_ms: 1.5, error: null },
      stale: false,
      data_as_of: at,
      memory_rss_bytes: 1,
      heap_used_bytes: 1,
      uptime_seconds: 1,
      node_id: 'test-node',
    },
  };
}
