import type { QualityPoint, SourceHealth, StatusDocument } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import type { MonitorSnapshot } from '../snapshot';

/** The fixed "now" of every component test: 2026-01-28 15:31:00 UTC. */
export const NOW_MS = Date.parse('2026-01-28T15:31:00.000Z');

/** ISO time `seconds` before {@link NOW_MS}. */
export function ago(seconds: number): string {
  return new Date(NOW_MS - seconds * 1000).toISOString();
}

function source(
  overrides: Partial<SourceHealth> & Pick<SourceHealth, 'id' | 'name'>,
): SourceHealth {
  return {
    enabled: true,
    state: 'ok',
    last_run: ago(300),
    last_success: ago(300),
    last_error: null,
    runs: 24,
    success_rate: 100,
    articles_collected: 40,
    events_extracted: 12,
    expected_interval_seconds: 3600,
    ...overrides,
  };
}

/** Eight sources of mixed health. */
export const SOURCES: SourceHealth[] = [
  source({
    id: 'premium-times',
    name: 'Premium Times',
    articles_collected: 58,
    events_extracted: 21,
    success_rate: 100,
  }),
  source({
    id: 'punch',
    name: 'Punch',
    articles_collected: 31,
    events_extracted: 9,
    success_rate: 95.8,
  }),
  source({
    id: 'vanguard',
    name: 'Vanguard',
    state: 'failing',
    last_error: 'HTTP 503 from https://www.vanguardngr.com/feed (3 retries)',
    success_rate: 62.5,
    articles_collected: 8,
    events_extracted: 2,
    last_success: ago(7200),
  }),
  source({
    id: 'daily-trust',
    name: 'Daily Trust',
    state: 'running',
    last_run: ago(20),
    articles_collected: 12,
    events_extracted: 5,
    success_rate: 91.7,
  }),
  source({
    id: 'channels',
    name: 'Channels TV',
    state: 'empty',
    articles_collected: 0,
    events_extracted: 0,
    success_rate: 100,
  }),
  source({
    id: 'guardian-ng',
    name: 'The Guardian Nigeria',
    articles_collected: 14,
    events_extracted: 3,
    success_rate: 87.5,
    last_run: ago(1500),
  }),
  source({
    id: 'sahara-reporters',
    name: 'Sahara Reporters',
    state: 'never_run',
    last_run: null,
    last_success: null,
    runs: 0,
    success_rate: null,
    articles_collected: 0,
    events_extracted: 0,
  }),
  source({
    id: 'thisday',
    name: 'ThisDay',
    enabled: false,
    state: 'disabled',
    runs: 0,
    success_rate: null,
    last_run: ago(86400 * 3),
    articles_collected: 0,
    events_extracted: 0,
  }),
];

/** 24 hourly quality points ending at {@link NOW_MS}, with one hour missing. */
export const TREND: QualityPoint[] = Array.from({ length: 24 }, (_, i) => ({
  timestamp: ago((23 - i) * 3600),
  geocoding_success_rate: i === 5 ? null : 80 + (i % 6),
  validation_pass_rate: i === 5 ? null : 90 + (i % 4) * 0.8,
}));

/**
 * A busy, mostly healthy pipeline with one failing source, an anomaly and two alerts: the
 * protocol's sample document (`@naija-monitor/protocol/testing`, the one server, client and bench
 * tests use) at {@link NOW_MS} - 2 s, with the figures these component tests assert on.
 */
export function statusDocument(overrides: Partial<StatusDocument> = {}): StatusDocument {
  const sample = sampleStatusDocument({ at: new Date(NOW_MS - 2000) });
  return {
    ...sample,
    scraping_health: {
      ...sample.scraping_health,
      sources_processed: 5,
      total_sources: 7,
      articles_collected: 125,
      events_extracted: 42,
      failed_sources: 1,
      success_rate: 87.5,
      last_run: ago(300),
      last_error: 'HTTP 503 from https://www.vanguardngr.com/feed (3 retries)',
      window_hours: 24,
      sources: SOURCES,
    },
    data_quality: {
      ...sample.data_quality,
      geocoding_success_rate: 87.5,
      validation_pass_rate: 92.3,
      status: 'healthy',
      basis: 'metrics',
      measured_at: ago(600),
      geocoding_attempts: 400,
      geocoding_successes: 350,
      validation_attempts: 350,
      validation_passes: 323,
      trend: TREND,
    },
    anomalies: [
      {
        id: 'an-1',
        type: 'event_spike',
        severity: 'high',
        description: 'Borno reported 14 events in the last 24 h against a baseline of 4.',
        timestamp: ago(900),
        subject: 'Borno',
        observed: 14,
        expected: 4,
        since: ago(3600),
      },
      {
        id: 'an-2',
        type: 'source_silent',
        severity: 'low',
        description: 'Channels TV has produced no new articles for 3 runs.',
        timestamp: ago(1200),
        subject: 'channels',
      },
    ],
    alerts: [
      {
        id: 'al-1',
        type: 'source_failing',
        severity: 'medium',
        title: 'Vanguard feed failing',
        message: 'The last 3 runs of vanguard failed with HTTP 503.',
        timestamp: ago(1800),
        state: 'firing',
        since: ago(1800),
        observed: 3,
        expected: 0,
      },
      {
        id: 'al-2',
        type: 'quality_drop',
        severity: 'high',
        title: 'Geocoding rate dropped',
        message: 'Geocoding success fell to 61.0% (expected at least 75%).',
        timestamp: ago(7200),
        state: 'resolved',
        since: ago(7200),
        acknowledged: true,
      },
    ],
    overall_status: 'degraded',
    status: 'degraded',
    last_run: ago(300),
    pipeline_stages: [
      {
        name: 'collection',
        state: 'succeeded',
        items: 7,
        total: 8,
        duration_ms: 12_400,
        run_id: '3f2a9c1e-7b4d-4e55-9a10-2c8f0d6b1a77',
      },
      {
        name: 'processing',
        state: 'succeeded',
        items: 125,
        total: 125,
        duration_ms: 3_240,
        run_id: '3f2a9c1e-7b4d-4e55-9a10-2c8f0d6b1a77',
      },
      {
        name: 'extraction',
        state: 'succeeded',
        items: 42,
        total: 125,
        duration_ms: 48_900,
        run_id: '3f2a9c1e-7b4d-4e55-9a10-2c8f0d6b1a77',
      },
      {
        name: 'geocoding',
        state: 'running',
        items: 30,
        total: 42,
        duration_ms: null,
        run_id: '3f2a9c1e-7b4d-4e55-9a10-2c8f0d6b1a77',
      },
      {
        name: 'validation',
        state: 'pending',
        items: 0,
        total: 0,
        duration_ms: null,
        run_id: '3f2a9c1e-7b4d-4e55-9a10-2c8f0d6b1a77',
      },
    ],
    system_health: {
      ...sample.system_health,
      database: { reachable: true, kind: 'postgres', query_ms: 14.2, error: null },
      stale: false,
      data_as_of: ago(2),
      memory_rss_bytes: 142 * 1024 * 1024,
      heap_used_bytes: 61 * 1024 * 1024,
      uptime_seconds: 3 * 3600 + 25 * 60,
      node_id: 'monitor-1',
      bus: 'local',
    },
    monitor: {
      connections: { websocket: 37, sse: 4, total: 41, max: 19000 },
      broadcast_ms: 1.8,
      status_compute_ms: 23.4,
      event_loop_lag_ms: 0.9,
      messages_sent: 18_420,
    },
    ...overrides,
  };
}

/** A client snapshot connected over WebSocket with {@link statusDocument}. */
export function snapshot(overrides: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return {
    state: 'connected',
    transport: 'websocket',
    status: statusDocument(),
    seq: 128,
    receivedAt: NOW_MS - 3000,
    error: null,
    attempt: 0,
    paused: null,
    nextRetryAt: null,
    ...overrides,
  };
}
