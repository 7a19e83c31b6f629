import type { Alert, StatusDocument } from '@naija-monitor/protocol';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/connection';
import { readStatusRows, type StatusRows } from '../store/status-queries';
import { evaluateBasicIntelligence } from './basic-intelligence';
import {
  assembleStatusDocument,
  buildStatusCore,
  staleStatusDocument,
  type ProcessFacts,
  type ReadFailure,
} from './build-status-document';
import { trendStart } from './data-quality';
import { errorMessage, probeDatabase } from './database-probe';
import { withDeadline } from './deadline';
import type {
  Intelligence,
  IntelligenceEvaluator,
  IntelligenceInput,
  StatusCore,
} from './intelligence';
import { DEFAULT_STATUS_POLICY, type StatusPolicy } from './status-policy';

/** Options of {@link createStatusEngine}. */
export interface StatusEngineOptions {
  database: Database;
  /** This process's name, reported in `system_health.node_id`. */
  nodeId: string;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Hours the scraping counts and event-based quality cover. @default 24 */
  windowHours?: number;
  /** Longest the status read may take before the engine serves stale data. @default 5000 */
  queryTimeoutMs?: number;
  /** Thresholds that turn figures into states. @default DEFAULT_STATUS_POLICY */
  policy?: Partial<StatusPolicy>;
  /** Anomalies and alerts; see {@link IntelligenceEvaluator}. @default the basic evaluator */
  evaluateIntelligence?: IntelligenceEvaluator;
  /** Where read failures and recoveries are logged (once per transition, not per call). */
  log?: Pick<BaseLogger, 'warn' | 'info'>;
}

/** Computes the status document from the database. */
export interface StatusEngine {
  /**
   * Reads the tables and returns the full document, without `monitor` (the process's live
   * figures, set at fan-out by `live/prepared-update.ts`). Never throws: when the database fails
   * it returns the last good data marked `system_health.stale`, and recovers on the next call.
   * Not reentrant by itself: its one caller, the status scheduler (`publish/`), runs one
   * computation at a time and merges the requests that arrive meanwhile.
   */
  compute(): Promise<StatusDocument>;
}

/** Creates the status engine over `database`; see {@link StatusEngine}. */
export function createStatusEngine(options: StatusEngineOptions): StatusEngine {
  return new DatabaseStatusEngine(options);
}

const PROBE_TIMEOUT_MS = 1000;
/** How often the document's memory figures are re-sampled. */
const MEMORY_SAMPLE_MS = 30_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

class DatabaseStatusEngine implements StatusEngine {
  readonly #database: Database;
  readonly #nodeId: string;
  readonly #now: () => Date;
  readonly #windowHours: number;
  readonly #queryTimeoutMs: number;
  readonly #policy: StatusPolicy;
  readonly #evaluate: IntelligenceEvaluator;
  readonly #log: Pick<BaseLogger, 'warn' | 'info'> | undefined;
  #lastGood: StatusDocument | null = null;
  #lastGoodAt: Date | null = null;
  #failingSince: Date | null = null;
  #memorySample: { at: number; rss: number; heapUsed: number } | null = null;
  /** The evaluator's own failure: thrown (the basic rules answered instead) `consecutive` times. */
  #evaluatorFailure: { since: Date; message: string; consecutive: number } | null = null;

  constructor(options: StatusEngineOptions) {
    this.#database = options.database;
    this.#nodeId = options.nodeId;
    this.#now = options.now ?? (() => new Date());
    this.#windowHours = options.windowHours ?? 24;
    this.#queryTimeoutMs = options.queryTimeoutMs ?? 5000;
    // Programming errors, caught at start-up rather than as a document that never loads.
    if (!(this.#windowHours > 0)) throw new RangeError('windowHours must be a positive number');
    if (!(this.#queryTimeoutMs > 0))
      throw new RangeError('queryTimeoutMs must be a positive number');
    this.#policy = { ...DEFAULT_STATUS_POLICY, ...options.policy };
    this.#evaluate = options.evaluateIntelligence ?? evaluateBasicIntelligence;
    this.#log = options.log;
  }

  compute(): Promise<StatusDocument> {
    return this.#computeOnce();
  }

  async #computeOnce(): Promise<StatusDocument> {
    const now = this.#now();
    try {
      const started = performance.now();
      const rows = await withDeadline(
        readStatusRows(this.#database.db, {
          windowStart: new Date(now.getTime() - this.#windowHours * HOUR_MS),
          trendStart: trendStart(now),
          lookbackStart: new Date(now.getTime() - this.#policy.lookbackDays * DAY_MS),
        }),
        this.#queryTimeoutMs,
        'status query',
      );
      const queryMs = performance.now() - started;
      const core = buildStatusCore(rows, now, this.#windowHours, this.#policy);
      const intelligence = await this.#intelligence(now, {
        now,
        rows,
        core,
        policy: this.#policy,
      });
      const assembled = assembleStatusDocument({
        rows,
        core,
        intelligence,
        now,
        policy: this.#policy,
        queryMs,
        facts: this.#facts(),
      });
      const document = withEvaluationFailure(assembled, intelligence, this.#evaluatorFailure);
      this.#recovered(now);
      this.#lastGood = document;
      this.#lastGoodAt = now;
      return document;
    } catch (error) {
      return this.#stale(now, error);
    }
  }

  /** The ONE call to the anomaly/alert evaluator; a failing evaluator falls back to the basic one. */
  async #intelligence(now: Date, input: IntelligenceInput): Promise<Intelligence> {
    try {
      const intelligence = await this.#evaluate(input);
      this.#evaluatorFailure = null;
      return intelligence;
    } catch (error) {
      this.#log?.warn({ err: error }, 'anomaly/alert evaluation failed; using the basic rules');
      this.#evaluatorFailure = {
        since: this.#evaluatorFailure?.since ?? now,
        message: `alert evaluation failed, showing the basic rules only: ${errorMessage(error)}`,
        consecutive: (this.#evaluatorFailure?.consecutive ?? 0) + 1,
      };
      return evaluateBasicIntelligence(input);
    }
  }

  async #stale(now: Date, error: unknown): Promise<StatusDocument> {
    const message = errorMessage(error);
    const firstFailure = this.#failingSince === null;
    this.#failingSince ??= now;
    // Tell a dead database from a failing query on a live one; bounded, so it cannot hang.
    const probe = await probeDatabase(this.#database, PROBE_TIMEOUT_MS);
    if (firstFailure) {
      this.#log?.warn(
        { err: error, reachable: probe.reachable, dataAsOf: this.#lastGoodAt },
        'status read failed; serving the last good data as stale',
      );
    }
    const failure: ReadFailure = { message, reachable: probe.reachable, since: this.#failingSince };
    return staleStatusDocument({
      lastGood: this.#lastGood,
      lastGoodAt: this.#lastGoodAt,
      failure,
      now,
      windowHours: this.#windowHours,
      policy: this.#policy,
      facts: this.#facts(),
    });
  }

  #recovered(now: Date): void {
    if (this.#failingSince === null) return;
    this.#log?.info(
      { downMs: now.getTime() - this.#failingSince.getTime() },
      'status read recovered',
    );
    this.#failingSince = null;
  }

  #facts(): ProcessFacts {
    const memory = this.#memory();
    return {
      databaseKind: this.#database.kind,
      nodeId: this.#nodeId,
      memoryRssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      uptimeSeconds: process.uptime(),
    };
  }

  /**
   * Memory is a slow gauge (the heap saws with every GC): sampled at most every
   * {@link MEMORY_SAMPLE_MS}, so a document computed every few seconds does not carry a new
   * figure each time while nothing changed (issue #17). `/metrics` has the live values.
   */
  #memory(): { rss: number; heapUsed: number } {
    const at = performance.now();
    const sample = this.#memorySample;
    if (sample && at - sample.at < MEMORY_SAMPLE_MS && at >= sample.at) return sample;
    const { rss, heapUsed } = process.memoryUsage();
    this.#memorySample = { at, rss, heapUsed };
    return this.#memorySample;
  }
}

/**
 * Says in the document, not only in the log, that alerts cannot be evaluated or saved:
 * `system_health.alert_evaluation`, and (from the second failing computation in a row, when the
 * evaluator itself threw and so could not raise it) the alert `monitor_evaluation_failing`.
 */
function withEvaluationFailure(
  document: StatusDocument,
  intelligence: Intelligence,
  evaluatorFailure: { since: Date; message: string; consecutive: number } | null,
): StatusDocument {
  const failure = evaluatorFailure ?? intelligence.evaluationFailure ?? null;
  if (!failure) return document;
  const since = failure.since.toISOString();
  const alerts = [...document.alerts];
  if (evaluatorFailure && evaluatorFailure.consecutive >= 2) {
    const alert: Alert = {
      id: EVALUATION_FAILING,
      type: EVALUATION_FAILING,
      severity: 'high',
      title: 'Alert evaluation failing',
      message: failure.message,
      timestamp: since,
      state: 'firing',
      fingerprint: EVALUATION_FAILING,
      since,
    };
    alerts.push(alert);
  }
  return {
    ...document,
    alerts,
    system_health: {
      ...document.system_health,
      alert_evaluation: { failing: true, since, error: failure.message },
    },
  };
}

const EVALUATION_FAILING = 'monitor_evaluation_failing';

export type { IntelligenceEvaluator, IntelligenceInput, Intelligence, StatusCore, StatusRows };
