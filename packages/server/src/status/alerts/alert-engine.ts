import { randomUUID } from 'node:crypto';
import type { Alert } from '@naija-monitor/protocol';
import type { AlertsRepository, RecordWriteFailure } from '../../store/alerts-repository';
import { defaultAlertRules, defaultInhibitRules } from './default-rules';
import { observe, stepAlerts, visibleAlerts } from './evaluation-step';
import type { AlertNotification, AlertRecord, AlertRule, InhibitRule, RuleContext } from './types';

/**
 * Alert records the database keeps refusing. Shown in `system_health.alert_evaluation` and, from
 * the second evaluation in a row, as the alert {@link EVALUATION_FAILING_RULE}.
 */
export interface EvaluationFailure {
  /** When the current run of failing evaluations began. */
  since: Date;
  /** What failed and what to do about it. */
  message: string;
  /** Evaluations in a row that could not write everything. */
  consecutive: number;
}

/** The built-in rule that turns a persistent {@link EvaluationFailure} into an alert. */
export const EVALUATION_FAILING_RULE = 'monitor_evaluation_failing';

/** Receives the notifications of one evaluation (firing, resolved, reminders) at once. */
export interface AlertNotifier {
  notify(batch: readonly AlertNotification[]): void;
}

/** Options of {@link AlertEngine}. */
export interface AlertEngineOptions {
  repository: AlertsRepository;
  /** @default defaultAlertRules() */
  rules?: readonly AlertRule[];
  /** @default defaultInhibitRules() */
  inhibitRules?: readonly InhibitRule[];
  notifier?: AlertNotifier;
  /**
   * A firing alert nobody acknowledged is notified again after this long; 0 never repeats.
   * @default 14_400_000 (4 h)
   */
  repeatIntervalMs?: number;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

/** What one evaluation produced. */
export interface AlertEvaluation {
  /** Firing and recovering alerts that nothing inhibits, newest first: the document's `alerts`. */
  alerts: Alert[];
  /** Every open alert after the step, inhibited and pending included. */
  open: AlertRecord[];
  /** Open fingerprint → fingerprint of the alert muting it. */
  inhibited: Map<string, string>;
  notifications: AlertNotification[];
  /** Records that could not be written in this evaluation (and before), or null. */
  failure: EvaluationFailure | null;
}

/**
 * The I/O half of an alert evaluation: reads acknowledgements and silences, has the pure step
 * (`evaluation-step.ts`: rules, lifecycle, inhibitions, silences, notifications) decide, writes
 * what changed to the `alerts` table and hands the notifications to the notifier. State lives in memory between evaluations and is loaded from the table on the
 * first one, so a restarted server carries on where it stopped (no repeated notifications).
 * Evaluations are serialised; run it on one process (the status leader).
 */
export class AlertEngine {
  readonly #repository: AlertsRepository;
  readonly #rules: ReadonlyMap<string, AlertRule>;
  readonly #inhibitRules: readonly InhibitRule[];
  readonly #notifier: AlertNotifier | undefined;
  readonly #repeatIntervalMs: number;
  readonly #newId: () => string;
  #open = new Map<string, AlertRecord>();
  #loaded = false;
  #tail: Promise<unknown> = Promise.resolve();
  /** Latest versions the database refused, by id: written again on every evaluation until it takes them. */
  #unwritten = new Map<string, AlertRecord>();
  #unremoved = new Set<string>();
  #failure: EvaluationFailure | null = null;

  constructor(options: AlertEngineOptions) {
    this.#repository = options.repository;
    const rules = options.rules ?? defaultAlertRules();
    // Always on: a monitor whose alerts cannot be saved must say so where people look.
    this.#rules = new Map(
      [
        ...rules,
        ...(rules.some((rule) => rule.name === EVALUATION_FAILING_RULE)
          ? []
          : [evaluationFailingRule()]),
      ].map((rule) => [rule.name, rule]),
    );
    this.#inhibitRules = options.inhibitRules ?? defaultInhibitRules();
    this.#notifier = options.notifier;
    this.#repeatIntervalMs = options.repeatIntervalMs ?? 4 * 3_600_000;
    this.#newId = options.newId ?? randomUUID;
  }

  /**
   * One evaluation at `context.now`: runs the rules, writes the lifecycle changes to the alert
   * history and sends their webhooks. Throws (changing nothing) when the database write fails.
   */
  evaluateAndRecord(context: RuleContext): Promise<AlertEvaluation> {
    const run = this.#tail.then(() => this.#evaluate(context));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #evaluate(context: RuleContext): Promise<AlertEvaluation> {
    const { now } = context;
    if (!this.#loaded) {
      this.#open = new Map(
        (await this.#repository.loadOpen()).map((record) => [record.fingerprint, record]),
      );
      this.#loaded = true;
      // The table is the truth again: whatever was waiting to be written is recomputed.
      this.#unwritten.clear();
      this.#unremoved.clear();
    }
    // Acknowledgements and silences are written by the API, possibly on another process; a
    // silence that ran out has nobody to write it into the alerts' histories but this run.
    const [acks, silences] = await Promise.all([
      this.#repository.openAcknowledgements(),
      this.#repository.activeSilences(now),
      this.#repository.recordLapsedSilences(now),
    ]);

    const failure = this.#failure;
    const observations = observe(this.#rules.values(), {
      ...context,
      evaluationFailure: failure && failure.consecutive >= 2 ? failure : null,
    });
    const { next, save, remove, inhibited, notifications } = stepAlerts({
      open: this.#open,
      observations,
      acks,
      silences,
      rules: this.#rules,
      inhibitRules: this.#inhibitRules,
      unwritten: this.#unwritten,
      unremoved: this.#unremoved,
      repeatIntervalMs: this.#repeatIntervalMs,
      now,
      newId: this.#newId,
    });

    let failed: RecordWriteFailure[];
    try {
      ({ failed } = await this.#repository.persist([...save.values()], remove));
    } catch (error) {
      // The transaction itself failed (connection lost): start over from the table.
      this.#loaded = false;
      throw error;
    }
    this.#afterWrite(save, remove, failed, now);
    // Records that could not be written stay in memory (and in the document), so one refused
    // row never hides the others; they are written again on the next evaluation.
    this.#open = next;
    if (notifications.length > 0) this.#notifier?.notify(notifications);

    const alerts = visibleAlerts(next, inhibited, silences, now);
    return { alerts, open: [...next.values()], inhibited, notifications, failure: this.#failure };
  }

  /** Remembers what the database refused, and why, for the next evaluation and the document. */
  #afterWrite(
    save: ReadonlyMap<string, AlertRecord>,
    remove: readonly string[],
    failed: readonly RecordWriteFailure[],
    now: Date,
  ): void {
    const refused = new Set(failed.flatMap((failure) => failure.ids));
    this.#unwritten = new Map([...save].filter(([id]) => refused.has(id)));
    this.#unremoved = new Set(remove.filter((id) => refused.has(id)));
    if (failed.length === 0) {
      this.#failure = null;
      return;
    }
    // Another process wrote an open alert with the same fingerprint: start over from the table.
    if (failed.some((failure) => failure.kind === 'conflict')) this.#loaded = false;
    this.#failure = {
      since: this.#failure?.since ?? now,
      message: failureMessage(failed),
      consecutive: (this.#failure?.consecutive ?? 0) + 1,
    };
  }
}

/** What went wrong, naming the remedy when the database contradicts itself. */
function failureMessage(failed: readonly RecordWriteFailure[]): string {
  const count = failed.reduce((sum, failure) => sum + failure.ids.length, 0);
  const corrupt = failed.find((failure) => failure.kind === 'index-inconsistent');
  if (corrupt) {
    return (
      `${count} alert record(s) cannot be saved: the unique index alerts_open_fingerprint_idx ` +
      `refuses fingerprint ${corrupt.fingerprint ?? '?'}, yet a read of the table finds no other ` +
      'open alert with it, so the index is corrupt (two processes on one embedded database?). ' +
      'Stop every process using the database, run REINDEX INDEX alerts_open_fingerprint_idx, ' +
      'then start one server'
    );
  }
  const first = failed[0]!;
  return `${count} alert record(s) cannot be saved (${first.kind}): ${first.error.message}`;
}

/** Fires while alert records cannot be saved for two evaluations in a row. */
function evaluationFailingRule(): AlertRule {
  return {
    name: EVALUATION_FAILING_RULE,
    groupBy: [],
    forMs: 0,
    keepFiringForMs: 0,
    evaluate: (context) => {
      const failure = context.evaluationFailure;
      if (!failure) return [];
      return [
        {
          labels: {},
          level: 'firing',
          severity: 'high',
          title: 'Alert evaluation failing',
          message: failure.message,
          observed: failure.consecutive,
          expected: 0,
          since: failure.since,
        },
      ];
    },
  };
}
