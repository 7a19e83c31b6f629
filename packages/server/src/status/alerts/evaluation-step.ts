import type { Alert } from '@naija-monitor/protocol';
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

/**
 * The pure half of an alert evaluation: what the rules find, how every alert steps through its
 * lifecycle, what is muted, what to notify and what to write. No database, no clock, no
 * network: `AlertEngine` (alert-engine.ts) reads the inputs, writes the result and sends it.
 */

export const severityRank = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/** Runs every rule and keys its findings by fingerprint (the most severe wins a tie). */
export function observe(
  rules: Iterable<AlertRule>,
  context: RuleContext,
): Map<string, Observation> {
  const observations = new Map<string, Observation>();
  for (const rule of rules) {
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

/** Everything one step depends on. */
export interface StepInput {
  /** Open alerts by fingerprint before the step. */
  open: ReadonlyMap<string, AlertRecord>;
  observations: ReadonlyMap<string, Observation>;
  /** Acknowledgements by alert id, as the API wrote them. */
  acks: ReadonlyMap<string, AlertRecord['acknowledgement']>;
  silences: readonly Silence[];
  rules: ReadonlyMap<string, AlertRule>;
  inhibitRules: readonly InhibitRule[];
  /** Latest versions the database refused earlier, by id. */
  unwritten: ReadonlyMap<string, AlertRecord>;
  /** Ids the database refused to remove earlier. */
  unremoved: ReadonlySet<string>;
  /** A firing alert nobody acknowledged is notified again after this long; 0 never. */
  repeatIntervalMs: number;
  now: Date;
  newId: () => string;
}

/** What a step decided: the open alerts after it, and what to write and tell. */
export interface Step {
  /** Open alerts by fingerprint after the step (notification marks included). */
  next: Map<string, AlertRecord>;
  /** Records to write, by id. */
  save: Map<string, AlertRecord>;
  /** Ids to remove (cancelled before they fired). */
  remove: string[];
  /** Open fingerprint → fingerprint of the alert muting it. */
  inhibited: Map<string, string>;
  notifications: AlertNotification[];
}

/** Steps every open or observed alert through its lifecycle and decides what to write and tell. */
export function stepAlerts(input: StepInput): Step {
  const { now, acks, unwritten } = input;
  const next = new Map<string, AlertRecord>();
  const save = new Map<string, AlertRecord>();
  const remove: string[] = [...input.unremoved];
  const resolved: AlertRecord[] = [];

  for (const fingerprint of new Set([...input.open.keys(), ...input.observations.keys()])) {
    let current = input.open.get(fingerprint);
    if (current && acks.has(current.id))
      current = { ...current, acknowledgement: acks.get(current.id) ?? null };
    const observation = input.observations.get(fingerprint);
    // A rule that no longer exists resolves its alerts at once.
    const rule = input.rules.get(observation?.rule ?? current?.rule ?? '');
    const timing = rule ?? { forMs: 0, keepFiringForMs: 0 };
    const step = advance(current, observation, timing, now, input.newId);
    if (step.transition === 'cancelled' && current) remove.push(current.id);
    if (!step.next) continue;
    if (step.transition !== null || unwritten.has(step.next.id)) save.set(step.next.id, step.next);
    if (step.next.state === 'resolved') resolved.push(step.next);
    else next.set(fingerprint, step.next);
  }

  // Resolved records the database refused earlier are no longer open: write them as they were.
  // (Never an open one: those went through the loop above, and a cancelled one is removed.)
  for (const [id, record] of unwritten) {
    if (record.state === 'resolved' && !save.has(id)) save.set(id, record);
  }

  const inhibited = inhibitedBy([...next.values()], input.inhibitRules);
  const notifications = notificationsOf(next, resolved, inhibited, input, save);
  return { next, save, remove, inhibited, notifications };
}

/**
 * What to tell the webhooks, decided from what they were last told: a visible firing alert
 * they have not heard of, a resolution of one they have, and reminders of unacknowledged
 * ones. Muted alerts (inhibited or silenced) are told when the mute lifts, if still firing.
 * Marks what it tells in `open` and `save`.
 */
function notificationsOf(
  open: Map<string, AlertRecord>,
  resolved: readonly AlertRecord[],
  inhibited: ReadonlyMap<string, string>,
  { silences, now, repeatIntervalMs }: StepInput,
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
      repeatIntervalMs > 0 &&
      !isAcknowledged(record, now) &&
      record.notifiedAt !== null &&
      now.getTime() - record.notifiedAt.getTime() >= repeatIntervalMs
    ) {
      open.set(fingerprint, mark(record, 'reminder'));
    }
  }
  for (const record of resolved) {
    if (record.notifiedState === 'firing') mark(record, 'resolved');
  }
  return notifications;
}

/** Firing and recovering alerts that nothing inhibits, newest first: the document's `alerts`. */
export function visibleAlerts(
  open: ReadonlyMap<string, AlertRecord>,
  inhibited: ReadonlyMap<string, string>,
  silences: readonly Silence[],
  now: Date,
): Alert[] {
  return [...open.values()]
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
}
