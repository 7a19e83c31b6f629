import { Value } from '@sinclair/typebox/value';
import {
  PATHS,
  STAGE_NAMES,
  StatusDocumentSchema,
  type StatusDocument,
} from '@naija-monitor/protocol';

/** Raised when a document does not validate against the protocol's schema. */
export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  readonly code = 'INVALID_DOCUMENT';
}

/** Throws a {@link DocumentError} naming the first problem unless `value` is a status document. */
export function assertStatusDocument(value: unknown): asserts value is StatusDocument {
  const error = Value.Errors(StatusDocumentSchema, value).First();
  if (error) throw new DocumentError(`not a status document: ${error.path} ${error.message}`);
}

/**
 * A realistic status document of about 3 KB (4 sources, 5 stages, a 4-hour quality trend, an
 * anomalies and an alert), for the peers when the real server's document is not at hand.
 * It validates against `StatusDocumentSchema`.
 */
export function syntheticDocument(at = new Date()): StatusDocument {
  const iso = (hoursAgo: number) => new Date(at.getTime() - hoursAgo * 3_600_000).toISOString();
  const sources = Array.from({ length: 4 }, (_, i) => ({
    id: `source-${i + 1}`,
    name: ['Premium Times', 'Punch', 'Daily Trust', 'ThisDay'][i] ?? `Source ${i + 1}`,
    enabled: true,
    state: i === 3 ? ('failing' as const) : ('ok' as const),
    last_run: iso(0.2),
    last_success: i === 3 ? iso(6) : iso(0.2),
    last_error: i === 3 ? 'HTTP 503 from feed' : null,
    runs: 24,
    success_rate: i === 3 ? 75 : 100,
    articles_collected: 40 + i * 3,
    events_extracted: 12 + i,
    expected_interval_seconds: 3600,
  }));
  const document: StatusDocument = {
    timestamp: at.toISOString(),
    scraping_health: {
      sources_processed: 4,
      total_sources: 4,
      articles_collected: 404,
      events_extracted: 124,
      failed_sources: 1,
      success_rate: 75,
      last_run: iso(0.2),
      last_error: 'HTTP 503 from feed',
      window_hours: 24,
      sources,
    },
    data_quality: {
      geocoding_success_rate: 88.9,
      validation_pass_rate: 91.3,
      status: 'healthy',
      basis: 'metrics',
      measured_at: iso(0.1),
      geocoding_attempts: 124,
      geocoding_successes: 110,
      validation_attempts: 124,
      validation_passes: 113,
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
        message: 'ThisDay has failed its last 6 runs (HTTP 503 from feed)',
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
      state: 'succeeded' as const,
      items: 40,
      total: 42,
      duration_ms: 1200,
      run_id: '2b1f4c1e-5d5c-4f59-9d59-1c1f0f3b9a01',
    })),
    system_health: {
      database: { reachable: true, kind: 'postgres', query_ms: 4.2, error: null },
      stale: false,
      data_as_of: at.toISOString(),
      memory_rss_bytes: 145_000_000,
      heap_used_bytes: 60_000_000,
      uptime_seconds: 3600,
      node_id: 'bench',
    },
  };
  assertStatusDocument(document);
  return document;
}

/** The real server's own status document, so that every server sends the same bytes. */
export async function fetchDocument(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${PATHS.status}`);
  if (!response.ok) throw new Error(`status route answered ${response.status}`);
  const text = await response.text();
  assertStatusDocument(JSON.parse(text));
  return text;
}
