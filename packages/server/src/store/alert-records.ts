import type { AlertSeverity, AlertState } from '@naija-monitor/protocol';

/**
 * The alert rows as the lifecycle (`status/alerts/`) and the repository share them. They live
 * in `store/` so that the arrow points one way: status → store.
 */

/** An acknowledgement of one alert instance. */
export interface Acknowledgement {
  by: string;
  at: Date;
  comment: string | null;
  /** After this the acknowledgement no longer counts. */
  expiresAt: Date | null;
}

/** What the webhooks were last told about an alert. */
export type NotifiedState = 'firing' | 'resolved' | null;

/** One alert instance, as kept in memory and in the `alerts` table. */
export interface AlertRecord {
  id: string;
  fingerprint: string;
  rule: string;
  severity: AlertSeverity;
  state: AlertState;
  title: string;
  message: string;
  labels: Record<string, string>;
  group: string;
  observed: number | null;
  expected: number | null;
  /** When the condition first held (pending started). */
  startedAt: Date;
  conditionSince: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
  updatedAt: Date;
  /** Last evaluation in which the firing condition held. */
  lastActiveAt: Date | null;
  recoveringSince: Date | null;
  acknowledgement: Acknowledgement | null;
  notifiedState: NotifiedState;
  notifiedAt: Date | null;
}

/** A silence: alerts whose labels match every matcher are not notified until it ends. */
export interface Silence {
  id: string;
  /** Exact label values; the keys `rule` and `fingerprint` match those fields. */
  matchers: Record<string, string>;
  createdBy: string;
  comment: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  expiredAt: Date | null;
}
