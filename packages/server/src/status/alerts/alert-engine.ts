import { randomUUID } from 'node:crypto';
import type { Alert } from '@naija-monitor/protocol';
import type { AlertsRepository } from '../../store/alerts-repository';
import { defaultAlertRules, defaultInhibitRules } from './default-rules';
import { fingerprintOf, groupOf } from './fingerprint';
import { inhibitedBy } from './inhibition';
import { advance } from './lifecycle';
import { silenceFor } from './silences';
import { alertOf, isAcknowledged } from './to-wire';
import type {
  AlertNotification,
  AlertRecord,
  AlertRule,
  InhibitRule,
  Observation,
  RuleContext,
  Silence,
} from './types';

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
}

const severityRank = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/**
 * Runs the rules, steps every alert through its lifecycle, applies inhibitions, silences and
 * acknowledgements, writes what changed to the `alerts` table and hands the notifications to
 * the notifier. State lives in memory between evaluations and is loaded from the table on the
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

  constructor(options: AlertEngineOptions) {
    this.#repository = options.repository;
    this.#rules = new Map((options.rules ?? defaultAlertRules()).map((rule) => [rule.name, rule]));
    this.#inhibitRules = options.inhibitRules ?? defaultInhibitRules();
    this.#notifier = options.notifier;
    this.#repeatIntervalMs = options.repeatIntervalMs ?? 4 * 3_600_000;
    this.#newId = options.newId ?? randomUUID;
  }

  /** One evaluation at `context.now`. Throws (changing nothing) when the database write fails. */
  evaluate(context: RuleContext): Promise<AlertEvaluation> {
    const run = this.#tail.then(() => this.#evaluate(context));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Runs every rule and keys its findings by fingerprint (the most severe wins a tie). */
  #observe(context: RuleContext): Map<string, Observation> {
    const observations = new Map<string, Observation>();
    for (const rule of this.#rules.values()) {
      for (const finding of rule.evaluate(context)) {
        const fingerprint = fingerprintOf(rule.name, finding.labels);
        const known = observations.get(fingerprint);
        if (known && severityRank[known.severity] >= severityRank[finding.severity]) continue;
        observations.set(fingerprint, {
          ...finding,
          rule: rule.name,
          fingerprint,
          group: groupOf(rule.name, finding.labels, rule.groupBy),
        });
      }
    }
    return observations;
  }

  async #evaluate(context: RuleContext): Promise<AlertEvaluation> {
    const { now } = context;
    if (!this.#loaded) {
      this.#open = new Map(
        (await this.#repository.loadOpen()).map((record) => [record.fingerprint, record]),
      );
      this.#loaded = true;
    }
    // Acknowledgements and silences are written by the API, possibly on another process.
    const [acks, silences] = await Promise.all([
      this.#repository.openAcknowledgements(),
      this.#repository.activeSilences(now),
    ]);

    const observations = this.#observe(context);
    const next = new Map<string, AlertRecord>();
    const save = new Map<string, AlertRecord>();
    const remove: string[] = [];
    const resolved: AlertRecord[] = [];

    for (const fingerprint of new Set([...this.#open.keys(), ...observations.keys()])) {
      let current = this.#open.get(fingerprint);
      if (current && acks.has(current.id))
        current = { ...current, acknowledgement: acks.get(current.id) ?? null };
      const observation = observations.get(fingerprint);
      // A rule that no longer exists resolves its alerts at once.
      const rule = this.#rules.get(observation?.rule ?? current?.rule ?? '');
      const timing = rule ?? { forMs: 0, keepFiringForMs: 0 };
      const step = advance(current, observation, timing, now, this.#newId);
      if (step.transition === 'cancelled' && current) remove.push(current.id);
      if (!step.next) continue;
      if (step.transition !== null) save.set(step.next.id, step.next);
      if (step.next.state === 'resolved') resolved.push(step.next);
      else next.set(fingerprint, step.next);
    }

    const inhibited = inhibitedBy([...next.values()], this.#inhibitRules);
    const notifications = this.#notifications(next, resolved, inhibited, silences, now, save);

    try {
      await this.#repository.persist([...save.values()], remove);
    } catch (error) {
      // Another process may have written too (unique open fingerprint): start over from the table.
      this.#loaded = false;
      throw error;
    }
    this.#open = next;
    if (notifications.length > 0) this.#notifier?.notify(notifications);

    const alerts = [...next.values()]
      .filter(
        (record) =>
          (record.state === 'firing' || record.state === 'recovering') &&
          !inhibited.has(record.fingerprint),
      )
      .sort(
        (a, b) =>
          (b.firedAt?.getTime() ?? 0) - (a.firedAt?.getTime() ?? 0) ||
          severityRank[b.severity] - severityRank[a.severity],
      )
      .map((record) => alertOf(record, now, silenceFor(record, silences, now) !== undefined));
    return { alerts, open: [...next.values()], inhibited, notifications };
  }

  /**
   * What to tell the webhooks, decided from what they were last told: a visible firing alert
   * they have not heard of, a resolution of one they have, and reminders of unacknowledged
   * ones. Muted alerts (inhibited or silenced) are told when the mute lifts, if still firing.
   */
  #notifications(
    open: Map<string, AlertRecord>,
    resolved: readonly AlertRecord[],
    inhibited: ReadonlyMap<string, string>,
    silences: readonly Silence[],
    now: Date,
    save: Map<string, AlertRecord>,
  ): AlertNotification[] {
    const notifications: AlertNotification[] = [];
    const mark = (record: AlertRecord, kind: AlertNotification['kind']) => {
      const told: AlertRecord = {
        ...record,
        notifiedState: kind === 'resolved' ? 'resolved' : 'firing',
        notifiedAt: now,
      };
      notifications.push({ kind, record: told });
      save.set(told.id, told);
      return told;
    };
    for (const [fingerprint, record] of open) {
      if (record.state !== 'firing' && record.state !== 'recovering') continue;
      if (inhibited.has(fingerprint) || silenceFor(record, silences, now)) continue;
      if (record.notifiedState !== 'firing') {
        open.set(fingerprint, mark(record, 'firing'));
      } else if (
        this.#repeatIntervalMs > 0 &&
        !isAcknowledged(record, now) &&
        record.notifiedAt !== null &&
        now.getTime() - record.notifiedAt.getTime() >= this.#repeatIntervalMs
      ) {
        open.set(fingerprint, mark(record, 'reminder'));
      }
    }
    for (const record of resolved) {
      if (record.notifiedState === 'firing') mark(record, 'resolved');
    }
    return notifications;
  }
}
