import type { Alert, Anomaly } from '@naija-monitor/protocol';
import { createHash } from 'node:crypto';
import type { Signal } from '../signals/types';
import type { AlertRecord } from './types';

/** The document's anomaly for a signal; the id is stable while the condition lasts. */
export function anomalyOf(signal: Signal, now: Date): Anomaly {
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
    timestamp: now.toISOString(),
    subject: signal.subject,
    observed: signal.observed,
    expected: signal.expected,
    since: signal.since?.toISOString() ?? null,
  };
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
