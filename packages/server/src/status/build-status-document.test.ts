import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { StatusDocumentSchema, type StatusDocument } from '@naija-monitor/protocol';
import { EMPTY_STATUS_ROWS, type SourceRow, type StatusRows } from '../store/status-queries';
import { evaluateBasicIntelligence } from './basic-intelligence';
import {
  assembleStatusDocument,
  buildStatusCore,
  staleStatusDocument,
  coarseMs,
  wholeMebibytes,
  type ProcessFacts,
} from './build-status-document';
import { buildDataQuality, qualityStatus } from './data-quality';
import { buildPipelineStages } from './pipeline-stages';
import { sourceState } from './scraping-health';
import { DEFAULT_STATUS_POLICY as POLICY } from './status-policy';

const NOW = new Date('2026-01-28T15:30:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const HOUR = Math.floor(NOW.getTime() / 3_600_000);

const FACTS: ProcessFacts = {
  databaseKind: 'pglite',
  nodeId: 'unit',
  memoryRssBytes: 1000,
  heapUsedBytes: 500,
  uptimeSeconds: 12.34,
};

function source(overrides: Partial<SourceRow> = {}): SourceRow {
  return {
    id: 'punch',
    name: 'Punch',
    enabled: true,
    expected_interval_seconds: 3600,
    latest_state: 'succeeded',
    latest_started_at: ago(5),
    latest_finished_at: ago(4),
    latest_error: null,
    last_success_at: ago(4),
    window_error: null,
    window_error_at: null,
    window_runs: 10,
    window_succeeded: 10,
    window_failed: 0,
    window_articles: 30,
    ...overrides,
  };
}

function rows(overrides: Partial<StatusRows> = {}): StatusRows {
  return {
    ...EMPTY_STATUS_ROWS,
    latestRun: {
      id: 'run-1',
      started_at: ago(5),
      finished_at: ago(1),
      state: 'succeeded',
      error: null,
    },
    sourcesProcessed: 1,
    sources: [source()],
    eventsBySource: [{ source_id: 'punch', events: 10, geocoded: 9, validated: 10, passed: 9 }],
    eventsByHour: [{ hour: HOUR, events: 10, geocoded: 9, validated: 10, passed: 9 }],
    ...overrides,
  };
}

function documentFrom(input: StatusRows): StatusDocument {
  const core = buildStatusCore(input, NOW, 24, POLICY);
  const intelligence = evaluateBasicIntelligence({ rows: input, core, now: NOW, policy: POLICY });
  const document = assembleStatusDocument({
    rows: input,
    core,
    intelligence,
    now: NOW,
    policy: POLICY,
    queryMs: 3.14159,
    facts: FACTS,
  });
  expect([...Value.Errors(StatusDocumentSchema, document)]).toEqual([]);
  return document;
}

describe('sourceState', () => {
  it('maps the latest run to the source state, disabled first', () => {
    expect(sourceState(source({ latest_state: 'succeeded' }))).toBe('ok');
    expect(sourceState(source({ latest_state: 'empty' }))).toBe('empty');
    expect(sourceState(source({ latest_state: 'failed' }))).toBe('failing');
    expect(sourceState(source({ latest_state: 'running' }))).toBe('running');
    expect(sourceState(source({ latest_state: null }))).toBe('never_run');
    expect(sourceState(source({ latest_state: 'failed', enabled: false }))).toBe('disabled');
  });
});

describe('overall status', () => {
  it('is healthy when runs, sources and quality are fine', () => {
    const document = documentFrom(rows());
    expect(document.overall_status).toBe('healthy');
    expect(document.alerts).toEqual([]);
    expect(document.anomalies).toEqual([]);
    expect(document.system_health.database.query_ms).toBe(3.1);
    // Whole seconds and whole MiB: figures that change on every computation otherwise (#17).
    expect(document.system_health.uptime_seconds).toBe(12);
    expect(document.system_health.memory_rss_bytes).toBe(0);
  });

  it('is unknown with no data at all, even with sources configured', () => {
    expect(documentFrom(EMPTY_STATUS_ROWS).overall_status).toBe('unknown');
    const neverRan = rows({
      latestRun: null,
      sourcesProcessed: 0,
      sources: [
        source({
          latest_state: null,
          latest_started_at: null,
          latest_finished_at: null,
          last_success_at: null,
          window_runs: 0,
          window_succeeded: 0,
          window_articles: 0,
        }),
      ],
      eventsBySource: [],
      eventsByHour: [],
    });
    expect(documentFrom(neverRan).overall_status).toBe('unknown');
  });

  it('is unhealthy with a critical alert when every source that ran is failing', () => {
    const failing = {
      latest_state: 'failed' as const,
      latest_error: 'HTTP 500',
      window_succeeded: 0,
      window_failed: 3,
    };
    const document = documentFrom(
      rows({
        sources: [
          source({ id: 'a', name: 'A', ...failing }),
          source({ id: 'b', name: 'B', ...failing }),
          source({ id: 'c', name: 'C', latest_state: null, latest_started_at: null }),
        ],
      }),
    );
    expect(document.overall_status).toBe('unhealthy');
    expect(document.alerts.map((a) => [a.id, a.severity])).toEqual([
      ['all_sources_failing', 'critical'],
      ['source_failed:a', 'high'],
      ['source_failed:b', 'high'],
    ]);
  });

  it('is degraded below the success-rate threshold and unhealthy below the floor', () => {
    const flaky = (succeeded: number, failed: number) =>
      rows({
        sources: [
          source({ id: 'a', window_succeeded: succeeded, window_failed: failed }),
          source({ id: 'b' }),
        ],
      });
    // a: 8/10 and b: 10/10 -> 90 %, at the threshold: healthy.
    expect(documentFrom(flaky(8, 2)).overall_status).toBe('healthy');
    // a: 7/10 and b: 10/10 -> 85 %: degraded.
    expect(documentFrom(flaky(7, 3)).scraping_health.success_rate).toBe(85);
    expect(documentFrom(flaky(7, 3)).overall_status).toBe('degraded');
    // a: 0/30 and b: 10/10 -> 25 %: unhealthy.
    expect(documentFrom(flaky(0, 30)).overall_status).toBe('unhealthy');
  });

  it('is degraded, with anomalies, when the pipeline and a source stop running', () => {
    const quiet = rows({
      latestRun: {
        id: 'run-0',
        started_at: ago(300),
        finished_at: ago(290),
        state: 'succeeded',
        error: null,
      },
      sources: [source({ latest_started_at: ago(300), latest_finished_at: ago(299) })],
    });
    const document = documentFrom(quiet);
    expect(document.overall_status).toBe('degraded');
    expect(document.anomalies).toEqual([
      {
        id: 'source_silent:punch',
        type: 'source_silent',
        severity: 'medium',
        description: 'Punch has not run for 5 h (expected every 60 min)',
        timestamp: ago(300 - 120).toISOString(),
        subject: 'punch',
        observed: 18_000,
        expected: 3600,
        since: ago(300).toISOString(),
      },
      expect.objectContaining({
        id: 'pipeline_stalled',
        severity: 'high',
        observed: 18_000,
        expected: 7200,
      }),
    ]);
  });

  it('follows the quality verdict: error makes it unhealthy', () => {
    const poor = rows({
      eventsBySource: [{ source_id: 'punch', events: 10, geocoded: 5, validated: 10, passed: 9 }],
      eventsByHour: [{ hour: HOUR, events: 10, geocoded: 5, validated: 10, passed: 9 }],
    });
    const document = documentFrom(poor);
    expect(document.data_quality).toMatchObject({
      geocoding_success_rate: 50,
      status: 'error',
      basis: 'events',
    });
    expect(document.overall_status).toBe('unhealthy');
    expect(document.alerts).toEqual([
      expect.objectContaining({ id: 'data_quality_low', severity: 'high', observed: 50 }),
    ]);
  });

  it('counts a failed stage of the latest run as degraded', () => {
    const document = documentFrom(
      rows({
        stages: [
          {
            stage: 'geocoding',
            state: 'failed',
            items: 1,
            total: 5,
            started_at: ago(3),
            finished_at: ago(2),
          },
        ],
      }),
    );
    expect(document.overall_status).toBe('degraded');
  });
});

describe('data quality', () => {
  it('falls back to the counts when the metrics row has no rate, and to averages in the trend', () => {
    const quality = buildDataQuality(
      rows({
        qualityMetrics: {
          timestamp: ago(30),
          geocoding_attempts: 8,
          geocoding_successes: 6,
          geocoding_success_rate: null,
          validation_attempts: 0,
          validation_passes: 0,
          validation_pass_rate: 91.26,
          status: 'healthy',
        },
        qualityTrend: [
          {
            hour: HOUR - 1,
            geocoding_attempts: 0,
            geocoding_successes: 0,
            geocoding_rate_avg: 70.04,
            validation_attempts: 4,
            validation_passes: 1,
            validation_rate_avg: 99,
          },
        ],
      }),
      NOW,
      POLICY,
    );
    expect(quality).toMatchObject({
      geocoding_success_rate: 75,
      validation_pass_rate: 91.3,
      basis: 'metrics',
      measured_at: ago(30).toISOString(),
    });
    expect(quality.trend.at(-2)).toEqual({
      timestamp: new Date((HOUR - 1) * 3_600_000).toISOString(),
      geocoding_success_rate: 70,
      validation_pass_rate: 25,
    });
    expect(quality.trend.at(-1)?.geocoding_success_rate).toBeNull();
  });

  it('judges rates against the policy, ignoring unknown ones', () => {
    expect(qualityStatus([null, null], POLICY)).toBe('pending');
    expect(qualityStatus([80, null], POLICY)).toBe('healthy');
    expect(qualityStatus([95, 79.9], POLICY)).toBe('warning');
    expect(qualityStatus([59.9, 100], POLICY)).toBe('error');
  });
});

describe('pipeline stages', () => {
  it('times a running stage up to now and leaves unreported stages unknown', () => {
    const stages = buildPipelineStages(
      rows({
        stages: [
          {
            stage: 'collection',
            state: 'running',
            items: 2,
            total: 9,
            started_at: ago(2),
            finished_at: null,
          },
        ],
      }),
      NOW,
    );
    expect(stages[0]).toEqual({
      name: 'collection',
      state: 'running',
      items: 2,
      total: 9,
      duration_ms: 120_000,
      run_id: 'run-1',
    });
    expect(
      stages.slice(1).every((stage) => stage.state === 'unknown' && stage.run_id === 'run-1'),
    ).toBe(true);
  });
});

describe('stale document', () => {
  const failure = {
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
    reachable: false,
    since: ago(1),
  };
  const stale = (lastGood: StatusDocument | null) =>
    staleStatusDocument({
      lastGood,
      lastGoodAt: lastGood ? ago(2) : null,
      failure,
      now: NOW,
      windowHours: 24,
      policy: POLICY,
      facts: FACTS,
    });

  it('repeats the last good data, marked stale, at least degraded', () => {
    const good = documentFrom(rows());
    const document = stale(good);
    expect([...Value.Errors(StatusDocumentSchema, document)]).toEqual([]);
    expect(document.scraping_health).toEqual(good.scraping_health);
    expect(document.overall_status).toBe('degraded');
    expect(document.system_health).toMatchObject({
      stale: true,
      data_as_of: ago(2).toISOString(),
      database: { reachable: false, query_ms: null, error: failure.message },
    });
    // Serving a stale document again does not pile up database alerts.
    const again = staleStatusDocument({
      lastGood: document,
      lastGoodAt: ago(2),
      failure,
      now: NOW,
      windowHours: 24,
      policy: POLICY,
      facts: FACTS,
    });
    expect(again.alerts.filter((a) => a.id === 'status_database_unreachable')).toHaveLength(1);
  });

  it('keeps an unhealthy picture unhealthy and an unknown one unknown', () => {
    const unhealthy = documentFrom(
      rows({
        latestRun: {
          id: 'r',
          started_at: ago(5),
          finished_at: ago(4),
          state: 'failed',
          error: 'x',
        },
      }),
    );
    expect(unhealthy.overall_status).toBe('unhealthy');
    expect(stale(unhealthy).overall_status).toBe('unhealthy');
    expect(stale(documentFrom(EMPTY_STATUS_ROWS)).overall_status).toBe('unknown');
    const never = stale(null);
    expect(never.overall_status).toBe('unknown');
    expect(never.system_health.data_as_of).toBeNull();
  });
});

describe("process figures at an operator's precision", () => {
  it('rounds memory to whole MiB and timings to 0.1 ms below 10 ms, whole ms above', () => {
    expect(wholeMebibytes(487_514_112)).toBe(465 * 1024 * 1024);
    expect(wholeMebibytes(487_514_112 + 4096)).toBe(wholeMebibytes(487_514_112));
    expect(coarseMs(3.14)).toBe(3.1);
    expect(coarseMs(57.46)).toBe(57);
    expect(coarseMs(246.64)).toBe(247);
  });
});
