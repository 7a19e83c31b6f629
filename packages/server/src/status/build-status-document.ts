import type { Alert, StatusDocument, SystemHealth } from '@naija-monitor/protocol';
import type { DatabaseKind } from '../db/connection';
import { EMPTY_STATUS_ROWS, type StatusRows } from '../store/status-queries';
import { buildDataQuality } from './data-quality';
import { boundDocument } from './document-bounds';
import type { Intelligence, StatusCore } from './intelligence';
import { rollUpStatus, worstStatus } from './overall-status';
import { buildPipelineStages } from './pipeline-stages';
import { buildScrapingHealth } from './scraping-health';
import type { StatusPolicy } from './status-policy';

/** Facts about this process and its database connection, gathered at computation time. */
export interface ProcessFacts {
  databaseKind: DatabaseKind;
  nodeId: string;
  memoryRssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
}

/** The row-derived parts of the document (before anomalies, alerts and the roll-up). */
export function buildStatusCore(
  rows: StatusRows,
  now: Date,
  windowHours: number,
  policy: StatusPolicy,
): StatusCore {
  return {
    timestamp: now.toISOString(),
    scraping_health: buildScrapingHealth(rows, windowHours),
    data_quality: buildDataQuality(rows, now, policy),
    pipeline_stages: buildPipelineStages(rows, now),
    last_run: rows.latestRun?.started_at.toISOString() ?? null,
  };
}

/** The complete, fresh document: core, intelligence, roll-up and system health. */
export function assembleStatusDocument(input: {
  rows: StatusRows;
  core: StatusCore;
  intelligence: Intelligence;
  now: Date;
  policy: StatusPolicy;
  queryMs: number;
  facts: ProcessFacts;
}): StatusDocument {
  const { rows, core, intelligence, now, policy, facts } = input;
  // The roll-up sees every alert; only the listed ones are bounded.
  const overall = rollUpStatus({ rows, core, alerts: intelligence.alerts, now, policy });
  const bounded = boundDocument(
    {
      ...core,
      anomalies: intelligence.anomalies,
      alerts: intelligence.alerts,
      overall_status: overall,
      status: overall,
      system_health: systemHealth(facts, {
        reachable: true,
        queryMs: coarseMs(input.queryMs),
        error: null,
        stale: false,
        dataAsOf: now,
      }),
    },
    policy.documentLimits,
  );
  return bounded;
}

/** Why a computation could not read fresh rows. */
export interface ReadFailure {
  message: string;
  /** Whether the database still answered a ping (a failing query on a live database). */
  reachable: boolean;
  /** When the current run of failures began. */
  since: Date;
}

/**
 * The document served while the database cannot be read: the last good data, marked stale,
 * with `data_as_of` at the time it was read and an alert saying why. Overall is at least
 * `degraded` (the picture is old), and `unknown` if there never was a good read with data.
 */
export function staleStatusDocument(input: {
  lastGood: StatusDocument | null;
  lastGoodAt: Date | null;
  failure: ReadFailure;
  now: Date;
  windowHours: number;
  policy: StatusPolicy;
  facts: ProcessFacts;
}): StatusDocument {
  const { lastGood, failure, now, facts } = input;
  const base: StatusDocument =
    lastGood ??
    assembleStatusDocument({
      rows: EMPTY_STATUS_ROWS,
      core: buildStatusCore(EMPTY_STATUS_ROWS, now, input.windowHours, input.policy),
      intelligence: { anomalies: [], alerts: [] },
      now,
      policy: input.policy,
      queryMs: 0,
      facts,
    });
  const overall =
    base.overall_status === 'unknown' ? 'unknown' : worstStatus([base.overall_status, 'degraded']);
  const since = failure.since.toISOString();
  const databaseAlert: Alert = {
    id: 'status_database_unreachable',
    type: 'status_database_unreachable',
    severity: 'high',
    title: failure.reachable ? 'Status query failing' : 'Status database unreachable',
    message: `Showing data as of ${input.lastGoodAt?.toISOString() ?? 'never'}: ${failure.message}`,
    timestamp: since,
    state: 'firing',
    fingerprint: 'status_database_unreachable',
    since,
  };
  return {
    ...base,
    timestamp: now.toISOString(),
    alerts: [...base.alerts.filter((alert) => alert.id !== databaseAlert.id), databaseAlert],
    overall_status: overall,
    status: overall,
    system_health: systemHealth(facts, {
      reachable: failure.reachable,
      queryMs: null,
      error: failure.message,
      stale: true,
      dataAsOf: input.lastGoodAt,
    }),
  };
}

function systemHealth(
  facts: ProcessFacts,
  db: {
    reachable: boolean;
    queryMs: number | null;
    error: string | null;
    stale: boolean;
    dataAsOf: Date | null;
  },
): SystemHealth {
  return {
    database: {
      reachable: db.reachable,
      kind: facts.databaseKind,
      query_ms: db.queryMs,
      error: db.error,
    },
    stale: db.stale,
    data_as_of: db.dataAsOf?.toISOString() ?? null,
    memory_rss_bytes: wholeMebibytes(facts.memoryRssBytes),
    heap_used_bytes: wholeMebibytes(facts.heapUsedBytes),
    uptime_seconds: Math.round(facts.uptimeSeconds),
    node_id: facts.nodeId,
  };
}

/*
 * Process figures at the precision an operator reads them. The document is recomputed every
 * few seconds; figures finer than this change on every computation without the pipeline
 * changing (allocator jitter in the last bytes, sub-millisecond timings), which costs every v2
 * client a patch field per tick and says nothing (issue #17). Exact values are on `/metrics`.
 */
const MIB = 1024 * 1024;

/** Bytes rounded to a whole number of MiB (still bytes). */
export function wholeMebibytes(bytes: number): number {
  return Math.round(bytes / MIB) * MIB;
}

/** A duration in ms with two significant figures' worth: 0.1 ms below 10 ms, whole ms above. */
export function coarseMs(ms: number): number {
  return ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms);
}
