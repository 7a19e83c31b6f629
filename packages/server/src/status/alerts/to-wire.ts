import type { Alert, Anomaly } from '@naija-monitor/protocol';
import { createHash } from 'node:crypto';
import type { Signal } from '../signals/types';
import type { AlertRecord } from './types';

/**
 * The document's anomaly for a signal; the id is stable while the condition lasts.
 * `detectedAt(id)` says when it was first detected: an anomaly's `timestamp` is that moment,
 * not the time of the latest evaluation, so it does not change while the condition lasts (an
 * operator reads "detected at 10:02", and a v2 tick carries no new time for it, issue #17).
 */
export function anomalyOf(signal: Signal, detectedAt: (id: string) => Date): Anomaly {
  const id = createHash('sha256')
    .update(
      `${signal.kind}|${signal.subject}|${JSON.stringify(signal.labels)}|${signal.since?.toISOString() ?? ''}`,
    )
    .digest('hex')
    .slice(0, 16);
  return {
    id,
    type: signal.kind,
    severity: signal.severity,
    description: signal.description,
    timestamp: detectedAt(id).toISOString(),
    subject: signal.subject,
    observed: signal.observed,
    expected: signal.expected,
    since: signal.since?.toISOString() ?? null,
  };
}

/**
 * When each anomaly was first detected, by id, for as long as it keeps being detected: an id
 * missing from one evaluation is forgotten (a condition that returns is a new detection).
 * In memory: a new process (or a new cluster leader) detects afresh.
 */
export class DetectionTimes {
  #previous = new Map<string, Date>();
  #current = new Map<string, Date>();

  /** When `id` was first detected, `now` if it is new; call {@link endEvaluation} after. */
  detectedAt(id: string, now: Date): Date {
    const at = this.#current.get(id) ?? this.#previous.get(id) ?? now;
    this.#current.set(id, at);
    return at;
  }

  /** Forgets the ids not detected since the previous call. */
  endEvaluation(): void {
    this.#previous = this.#current;
    this.#current = new Map();
  }
}

/** Whether an acknowledgement is in force at `now`. */
export function isAcknowledged(record: AlertRecord, now: Date): boolean {
  const ack = record.acknowledgement;
  return ack !== null && (ack.expiresAt === null || ack.expiresAt.getTime() > now.getTime());
}

/** The document's alert for an alert instance. `timestamp` is when it fired. */
export function alertOf(record: AlertRecord, now: Date, silenced: boolean): Alert {
  const acknowledged = isAcknowledged(record, now);
  return {
    id: record.id,
    type: record.rule,
    severity: record.severity,
    title: record.title,
    message: record.message,
    timestamp: (record.firedAt ?? record.startedAt).toISOString(),
    state: record.state,
    fingerprint: record.fingerprint,
    since: (record.conditionSince ?? record.startedAt).toISOString(),
    acknowledged,
    ...(record.observed !== null ? { observed: record.observed } : {}),
    ...(record.expected !== null ? { expected: record.expected } : {}),
    labels: record.labels,
    group: record.group,
    silenced,
    ...(acknowledged ? { acknowledged_by: record.acknowledgement!.by } : {}),
  };
}
