import type { Alert, Anomaly } from '@naija-monitor/protocol';
import type { BaseLogger } from 'pino';
import type { Database } from '../../db/connection';
import { AlertsRepository } from '../../store/alerts-repository';
import {
  readConflictRows,
  readFunnelCounts,
  readPipelineRuns,
  readSourceHistories,
  readSourceRunHistory,
  type ConflictRows,
  type SourceHistoryRows,
} from '../../store/signal-queries';
import type { Intelligence, IntelligenceInput } from '../intelligence';
import {
  conflictQueryDays,
  detectConflictAnomalies,
  type ConflictOptions,
} from '../signals/conflict-anomalies';
import { addDays, LAGOS_UTC_OFFSET_MINUTES } from '../signals/day-keys';
import { detectFunnelSignals, type FunnelOptions } from '../signals/funnel-drift';
import { detectRunSignals, type RunSignalOptions } from '../signals/pipeline-runs';
import {
  detectSourceSignals,
  learnCadence,
  type SourceCadence,
  type SourceHealthOptions,
} from '../signals/source-health';
import type { FunnelCounts, PipelineRunRow, Signal, SourceRunRow } from '../signals/types';
import { AlertEngine, type AlertNotifier } from './alert-engine';
import { anomalyOf, DetectionTimes } from './to-wire';
import type { AlertRule, InhibitRule, MonitorSample } from './types';

/** Options of {@link createStatusIntelligence}. */
export interface StatusIntelligenceOptions {
  /** Where the baselines are read and the alert history is kept. */
  database: Database;
  /** Webhook notifier (see `notify/`); none: alerts are only shown. */
  notifier?: AlertNotifier;
  /** The monitor's own figures for the threshold rules; memory defaults to this process's RSS. */
  getMonitorSample?: () => MonitorSample | undefined;
  /** @default defaultAlertRules() */
  rules?: readonly AlertRule[];
  /** @default defaultInhibitRules() */
  inhibitRules?: readonly InhibitRule[];
  /** @default 14_400_000 */
  repeatIntervalMs?: number;
  sourceHealth?: SourceHealthOptions;
  runs?: RunSignalOptions;
  funnel?: FunnelOptions;
  conflict?: ConflictOptions;
  /**
   * How often slow-moving inputs are re-read: 14-day run history (cadences) and the daily
   * conflict and 8-day funnel aggregates. Latest runs are read on every evaluation.
   * @default 60_000
   */
  aggregateRefreshMs?: number;
  /** @default 300_000 */
  cadenceRefreshMs?: number;
  /** How often the latest runs per source are re-read. @default 15_000 */
  historiesRefreshMs?: number;
  /**
   * Serve the previous aggregates while refreshing them in the background (false: wait, which
   * makes evaluations with a jumping test clock deterministic).
   * @default true
   */
  backgroundRefresh?: boolean;
  log?: Pick<BaseLogger, 'warn' | 'info'>;
}

/**
 * The evaluator the status engine calls (its `evaluateIntelligence` option). Not pure, and
 * named for it: {@link StatusIntelligence.evaluateAndRecord} reads the baselines, runs the pure
 * detectors (`signals/`) and rules, writes the alert lifecycle and sends the webhooks of the
 * alerts that changed.
 */
export interface StatusIntelligence {
  /** Anomalies and alerts at `now`; writes alert history and sends webhooks on the way. */
  evaluateAndRecord(input: Pick<IntelligenceInput, 'now'>): Promise<Intelligence>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The funnel's windows end this long before now, so articles fetched just now had time to be processed. */
const FUNNEL_SETTLE_MS = 15 * 60_000;
const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** A cached aggregate: when it was read, its value, and the refresh under way. */
interface Cached<T> {
  at?: number;
  value?: T;
  refreshing?: Promise<T> | undefined;
}

/**
 * Anomalies and alerts from the data, one call per status computation. Cheap enough for every
 * 5 s: per call, one LATERAL read of the latest runs per source, the latest 50 pipeline runs,
 * open alerts and active silences; the heavier aggregates are refreshed once a minute (the
 * 14-day run history every 5 minutes), and the detectors themselves are pure functions.
 */
export function createStatusIntelligence(options: StatusIntelligenceOptions): StatusIntelligence {
  const { database } = options;
  const cache = new Map<string, Cached<unknown>>();
  const conflictMemo: ConflictMemo = { rows: null, key: '', signals: [] };
  const detectionTimes = new DetectionTimes();
  const alertEngine = new AlertEngine({
    repository: new AlertsRepository(database.db),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.inhibitRules ? { inhibitRules: options.inhibitRules } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.repeatIntervalMs !== undefined
      ? { repeatIntervalMs: options.repeatIntervalMs }
      : {}),
  });
  const aggregateRefreshMs = options.aggregateRefreshMs ?? 60_000;
  const cadenceRefreshMs = options.cadenceRefreshMs ?? 300_000;
  const offsetMinutes = options.conflict?.utcOffsetMinutes ?? LAGOS_UTC_OFFSET_MINUTES;
  const backgroundRefresh = options.backgroundRefresh ?? true;
  const historiesRefreshMs = options.historiesRefreshMs ?? 15_000;

  /**
   * Re-reads `load` when its copy is older than `ttlMs` (or from the future: the clock went
   * back). A stale copy is served while one refresh runs in the background, so a slow
   * aggregate never holds up the document; only the very first read is awaited.
   */
  const cached = async <T>(key: string, now: Date, ttlMs: number, load: () => Promise<T>) => {
    const entry = (cache.get(key) ?? {}) as Cached<T>;
    cache.set(key, entry);
    const age = entry.at === undefined ? Infinity : now.getTime() - entry.at;
    if (entry.at !== undefined && age >= 0 && age < ttlMs) return entry.value as T;
    entry.refreshing ??= load()
      .then((value) => {
        entry.at = now.getTime();
        entry.value = value;
        return value;
      })
      .finally(() => {
        entry.refreshing = undefined;
      });
    if (entry.at !== undefined && backgroundRefresh) {
      entry.refreshing.catch((error: unknown) =>
        options.log?.warn({ err: error, key }, 'intelligence refresh failed'),
      );
      return entry.value as T;
    }
    return entry.refreshing;
  };

  const monitorSample = (): MonitorSample => {
    let sample: MonitorSample | undefined;
    try {
      sample = options.getMonitorSample?.();
    } catch (error) {
      options.log?.warn({ err: error }, 'monitor sample unavailable');
    }
    return { memoryRssBytes: process.memoryUsage().rss, ...sample };
  };

  return {
    async evaluateAndRecord({ now }) {
      const db = database.db;
      const conflictDays = conflictQueryDays(now, options.conflict);
      const currentStart = new Date(now.getTime() - FUNNEL_SETTLE_MS - DAY_MS);
      const [histories, cadenceRuns, pipelineRuns, funnel, conflict] = await Promise.all([
        // Silence is judged in hours: a copy up to 15 s old is plenty, and keeps the per-call cost flat.
        cached<SourceHistoryRows[]>('histories', now, historiesRefreshMs, () =>
          readSourceHistories(db, { now, recentRuns: 12 }),
        ),
        cached<Map<string, SourceCadence>>('cadence', now, cadenceRefreshMs, async () =>
          cadencesOf(
            await readSourceRunHistory(db, new Date(now.getTime() - 14 * DAY_MS)),
            offsetMinutes,
          ),
        ),
        readPipelineRuns(db, 50),
        cached<{ current: FunnelCounts[]; baseline: FunnelCounts[] }>(
          'funnel',
          now,
          aggregateRefreshMs,
          () =>
            readFunnelCounts(db, {
              baselineStart: new Date(currentStart.getTime() - 7 * DAY_MS),
              currentStart,
              end: new Date(now.getTime() - FUNNEL_SETTLE_MS),
            }),
        ),
        cached<ConflictRows>('conflict', now, aggregateRefreshMs, () =>
          readConflictRows(db, {
            from: conflictDays.from,
            to: conflictDays.to,
            nationalFrom: addDays(conflictDays.settled, -55),
            offsetMinutes,
          }),
        ),
      ]);

      const signals = detectSignals({
        histories,
        cadences: cadenceRuns,
        pipelineRuns,
        funnel,
        conflict,
        now,
        currentStart,
        options,
        conflictMemo,
      });
      const monitor = monitorSample();
      const evaluation = await alertEngine.evaluateAndRecord({ now, signals, monitor });
      const anomalies: Anomaly[] = signals
        .map((signal) => anomalyOf(signal, (id) => detectionTimes.detectedAt(id, now)))
        .sort(
          (a, b) =>
            SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.type.localeCompare(b.type),
        );
      detectionTimes.endEvaluation();
      const alerts: Alert[] = evaluation.alerts;
      return { anomalies, alerts, evaluationFailure: evaluation.failure };
    },
  };
}

function cadencesOf(
  runs: readonly SourceRunRow[],
  offsetMinutes: number,
): Map<string, SourceCadence> {
  const bySource = new Map<string, SourceRunRow[]>();
  for (const run of runs) {
    let list = bySource.get(run.sourceId);
    if (!list) bySource.set(run.sourceId, (list = []));
    list.push(run);
  }
  return new Map([...bySource].map(([id, list]) => [id, learnCadence(list, offsetMinutes)]));
}

const NO_CADENCE: SourceCadence = {
  productivePerHour: new Array<number>(24).fill(0),
  productiveGapP90Ms: null,
  attemptGapMs: null,
  durationMedianMs: null,
  durationSpreadMs: null,
  samples: 0,
};

/** Every detector over the rows read for one evaluation. */
function detectSignals(input: {
  histories: readonly SourceHistoryRows[];
  cadences: ReadonlyMap<string, SourceCadence>;
  pipelineRuns: readonly PipelineRunRow[];
  funnel: { current: FunnelCounts[]; baseline: FunnelCounts[] };
  conflict: ConflictRows;
  now: Date;
  currentStart: Date;
  options: StatusIntelligenceOptions;
  conflictMemo: ConflictMemo;
}): Signal[] {
  const { histories, now, options } = input;
  const sourceSignals = detectSourceSignals(
    histories.map((history) => ({
      ...history,
      cadence: input.cadences.get(history.source.id) ?? NO_CADENCE,
    })),
    now,
    {
      utcOffsetMinutes: options.conflict?.utcOffsetMinutes ?? LAGOS_UTC_OFFSET_MINUTES,
      ...options.sourceHealth,
    },
  );
  const enabledIntervals = histories
    .filter((history) => history.source.enabled)
    .map((history) => history.source.expectedIntervalSeconds * 1000);
  const runSignals = detectRunSignals(input.pipelineRuns, now, {
    ...(enabledIntervals.length > 0 ? { fallbackScheduleMs: Math.min(...enabledIntervals) } : {}),
    ...options.runs,
  });
  const names = new Map(histories.map((history) => [history.source.id, history.source.name]));
  const funnelSignals = detectFunnelSignals(
    {
      current: input.funnel.current,
      baseline: input.funnel.baseline,
      names,
      currentStart: input.currentStart,
    },
    options.funnel,
  );
  const silentSourceIds = new Set(
    sourceSignals
      .filter(
        (signal) =>
          (signal.kind === 'source_silent' && signal.labels.cause !== 'quiet') ||
          signal.kind === 'source_failing',
      )
      .map((signal) => signal.labels.source!),
  );
  // The conflict verdicts change only with their rows, the silent sources and the local day:
  // compute them once per change, not every 5 s.
  const days = conflictQueryDays(now, options.conflict);
  const key = `${[...silentSourceIds].sort().join(',')}|${days.to}|${days.settled}`;
  const memo = input.conflictMemo;
  if (memo.rows !== input.conflict || memo.key !== key) {
    memo.rows = input.conflict;
    memo.key = key;
    memo.signals = detectConflictAnomalies(
      { ...input.conflict, silentSourceIds },
      now,
      options.conflict,
    );
  }
  return [...runSignals, ...sourceSignals, ...funnelSignals, ...memo.signals];
}

/** The last conflict verdicts and what they were computed from. */
interface ConflictMemo {
  rows: ConflictRows | null;
  key: string;
  signals: Signal[];
}
