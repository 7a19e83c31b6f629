import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type RawBuilder } from 'kysely';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/connection';
import type { RetentionSettings } from './retention-policy';

/**
 * Deletes rows past their retention (see `retention-policy.ts` for the settings and their
 * floor) in batches of `batchSize`: each batch is one
 * `DELETE … WHERE id = ANY (ARRAY(SELECT id … ORDER BY <time> LIMIT n))` statement, its own
 * short transaction. (`id IN (SELECT …)` is planned as a hash semi-join over the whole table,
 * once per batch; the array makes it n primary-key lookups after an index range scan.) so no lock is held for long and ingest keeps flowing;
 * the pass yields between batches. Rows the document reads at any age are kept whatever their
 * age: the newest 50 pipeline runs (the run detector's input) and their source runs, and each
 * source's newest run. Foreign keys' ON DELETE actions are served by migration 005's indexes.
 */

/** Rows one pass deleted, by table. */
export interface RetentionReport {
  conflict_events: number;
  articles: number;
  source_runs: number;
  pipeline_runs: number;
  data_quality_metrics: number;
  alerts: number;
  alert_silences: number;
}

/** Options of {@link runRetention}. */
export interface RetentionPassOptions {
  /** The clock. @default new Date() */
  now?: Date;
  /** Rows per DELETE statement. @default 5000 */
  batchSize?: number;
  /** Pause between batches, so other work gets the database. @default 10 */
  pauseMs?: number;
  /** Stops the pass between batches (shutdown, leadership lost). */
  signal?: AbortSignal;
}

/** Newest pipeline runs that are never deleted: `readPipelineRuns(db, 50)` reads them at any age. */
const KEPT_RUNS = 50;
const DAY_MS = 86_400_000;

type Step = {
  table: keyof RetentionReport;
  days: number;
  batch: (cutoff: Date, limit: number) => RawBuilder<{ n: number }>;
};

const counted = (deletion: RawBuilder<unknown>) =>
  sql<{ n: number }>`WITH d AS (${deletion} RETURNING 1) SELECT count(*)::int AS n FROM d`;

function steps(settings: RetentionSettings): Step[] {
  return [
    {
      table: 'conflict_events',
      days: settings.eventsDays,
      // event_date too: the conflict detector reads by event date, never beyond the floor.
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM conflict_events WHERE id = ANY (ARRAY(
          SELECT id FROM conflict_events
          WHERE created_at < ${cutoff} AND event_date < ${cutoff.toISOString().slice(0, 10)}::date
          ORDER BY created_at LIMIT ${limit}))`),
    },
    {
      table: 'articles',
      days: settings.articlesDays,
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM articles WHERE id = ANY (ARRAY(
          SELECT id FROM articles WHERE fetched_at < ${cutoff} ORDER BY fetched_at LIMIT ${limit}))`),
    },
    {
      table: 'source_runs',
      days: settings.sourceRunsDays,
      // Never a source's newest run (the document shows it at any age), nor the kept runs' ones.
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM source_runs WHERE id = ANY (ARRAY(
          SELECT r.id FROM source_runs r
          WHERE r.started_at < ${cutoff}
            AND EXISTS (SELECT 1 FROM source_runs n
                        WHERE n.source_id = r.source_id AND n.started_at > r.started_at)
            AND r.run_id NOT IN (SELECT id FROM pipeline_runs ORDER BY started_at DESC LIMIT ${KEPT_RUNS})
          ORDER BY r.started_at LIMIT ${limit}))`),
    },
    {
      table: 'pipeline_runs',
      days: settings.runsDays,
      // Stages go with their run (ON DELETE CASCADE); a run whose source runs are kept stays.
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM pipeline_runs WHERE id = ANY (ARRAY(
          SELECT p.id FROM pipeline_runs p
          WHERE p.started_at < ${cutoff}
            AND p.id NOT IN (SELECT id FROM pipeline_runs ORDER BY started_at DESC LIMIT ${KEPT_RUNS})
            AND NOT EXISTS (SELECT 1 FROM source_runs s WHERE s.run_id = p.id)
          ORDER BY p.started_at LIMIT ${limit}))`),
    },
    {
      table: 'data_quality_metrics',
      days: settings.qualityMetricsDays,
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM data_quality_metrics WHERE id = ANY (ARRAY(
          SELECT id FROM data_quality_metrics WHERE "timestamp" < ${cutoff}
          ORDER BY "timestamp" LIMIT ${limit}))`),
    },
    {
      table: 'alerts',
      days: settings.resolvedAlertsDays,
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM alerts WHERE id = ANY (ARRAY(
          SELECT id FROM alerts WHERE state = 'resolved' AND resolved_at < ${cutoff}
          ORDER BY resolved_at LIMIT ${limit}))`),
    },
    {
      table: 'alert_silences',
      days: settings.expiredSilencesDays,
      batch: (cutoff, limit) =>
        counted(sql`DELETE FROM alert_silences WHERE id = ANY (ARRAY(
          SELECT id FROM alert_silences
          WHERE ends_at < ${cutoff} OR expired_at < ${cutoff}
          LIMIT ${limit}))`),
    },
  ];
}

/** One retention pass over every table; returns the rows deleted. */
export async function runRetention(
  database: Database,
  settings: RetentionSettings,
  options: RetentionPassOptions = {},
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5000;
  const pauseMs = options.pauseMs ?? 10;
  const report: RetentionReport = {
    conflict_events: 0,
    articles: 0,
    source_runs: 0,
    pipeline_runs: 0,
    data_quality_metrics: 0,
    alerts: 0,
    alert_silences: 0,
  };
  for (const step of steps(settings)) {
    if (step.days <= 0) continue; // 0: kept for ever
    const cutoff = new Date(now.getTime() - step.days * DAY_MS);
    for (;;) {
      if (options.signal?.aborted) return report;
      const { rows } = await step.batch(cutoff, batchSize).execute(database.db);
      const deleted = rows[0]?.n ?? 0;
      report[step.table] += deleted;
      if (deleted < batchSize) break;
      await sleep(pauseMs);
    }
  }
  return report;
}

/** Options of {@link startRetention}. */
export interface RetentionScheduleOptions {
  database: Database;
  settings: RetentionSettings;
  /** Whether this process runs retention now: only the node that computes the status does. */
  shouldRun?: () => boolean;
  /** Delay of the first pass after start. @default 60_000 */
  initialDelayMs?: number;
  log?: Pick<BaseLogger, 'info' | 'warn'>;
}

/** The periodic retention of one process. */
export interface RetentionSchedule {
  /** Stops the schedule and the pass under way (between batches); resolves when it has stopped. */
  stop(): Promise<void>;
}

/**
 * Runs {@link runRetention} every `settings.intervalMs` (the first after `initialDelayMs`) on
 * this process while `shouldRun()` says so. A failed pass is logged and retried at the next
 * interval: nothing it deleted needs undoing.
 */
export function startRetention(options: RetentionScheduleOptions): RetentionSchedule {
  const { database, settings, log } = options;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    if (options.shouldRun && !options.shouldRun()) return;
    const started = performance.now();
    try {
      const report = await runRetention(database, settings, { signal: abort.signal });
      const deleted = (Object.values(report) as number[]).reduce((sum, n) => sum + n, 0);
      if (deleted > 0) {
        log?.info(
          { deleted: report, ms: Math.round(performance.now() - started) },
          'retention pass',
        );
      }
    } catch (error) {
      log?.warn({ err: error }, 'retention pass failed; retrying at the next interval');
    }
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = pass().finally(() => {
        if (!abort.signal.aborted) schedule(settings.intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(options.initialDelayMs ?? 60_000);
  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
