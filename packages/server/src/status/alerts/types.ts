import type { AlertSeverity } from '@naija-monitor/protocol';
import type { AlertRecord } from '../../store/alert-records';
import type { Signal } from '../signals/types';

export type {
  Acknowledgement,
  AlertRecord,
  NotifiedState,
  Silence,
} from '../../store/alert-records';

/**
 * Alert lifecycle types. An alert is one instance of one rule for one set of labels (its
 * fingerprint), from the moment its condition first holds until it resolves; it is a row of
 * the `alerts` table for that whole time.
 */

/** The monitor's own figures that alert rules read (any may be missing). */
export interface MonitorSample {
  /** Refused or errored connections over the last minute. */
  connectionErrorsPerMinute?: number | null;
  /** Failed sends in the latest broadcast cycle. */
  broadcastFailuresLastCycle?: number | null;
  /** Resident memory of this process. */
  memoryRssBytes?: number | null;
  /** Time the latest status query (the document's computation) took. */
  statusQueryMs?: number | null;
}

/**
 * Where an observed value sits against a rule's two thresholds: above the firing threshold,
 * at or below the recovery threshold, or in the band between (which changes nothing, so a value
 * wavering around one threshold cannot make an alert flap).
 */
export type ConditionLevel = 'firing' | 'hold' | 'clear';

/** What a rule saw for one label set in one evaluation. */
export interface Observation {
  rule: string;
  fingerprint: string;
  labels: Record<string, string>;
  group: string;
  level: ConditionLevel;
  severity: AlertSeverity;
  title: string;
  message: string;
  observed: number | null;
  expected: number | null;
  /** Since when the underlying condition holds, when the signal knows. */
  since: Date | null;
}

/** A rule's timing: how long the condition must hold, and how long firing outlives it. */
export interface RuleTiming {
  /** The condition must hold this long (pending) before the alert fires; 0 fires at once. */
  forMs: number;
  /** After the condition clears the alert stays firing (recovering) this long before resolving. */
  keepFiringForMs: number;
}

/** What a rule reads in one evaluation. */
export interface RuleContext {
  now: Date;
  signals: readonly Signal[];
  monitor: MonitorSample | null;
  /** Set while the engine's own writes keep failing (see `EvaluationFailure`). */
  evaluationFailure?: { since: Date; message: string; consecutive: number } | null;
}

/** Partial observation a rule returns; the engine adds rule, fingerprint and group. */
export interface RuleFinding {
  labels: Record<string, string>;
  level: ConditionLevel;
  severity: AlertSeverity;
  title: string;
  message: string;
  observed: number | null;
  expected: number | null;
  since: Date | null;
}

/** An alert rule: a name, its timing, how it groups, and what it finds in a context. */
export interface AlertRule extends RuleTiming {
  name: string;
  /** Labels whose values split notifications into groups (the rule name always does). */
  groupBy: readonly string[];
  evaluate(context: RuleContext): RuleFinding[];
}

/**
 * While an alert of a `source` rule fires, alerts of `target` rules whose `equal` labels have
 * the same values are muted (not listed, not notified): a pipeline that is down says so once.
 */
export interface InhibitRule {
  source: readonly string[];
  target: readonly string[];
  equal: readonly string[];
}

/** A message for the webhooks about one alert. */
export interface AlertNotification {
  kind: 'firing' | 'resolved' | 'reminder';
  record: AlertRecord;
}
