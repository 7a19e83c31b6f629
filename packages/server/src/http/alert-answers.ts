import { Type, type Static } from '@sinclair/typebox';
import type { AlertHistoryItem } from '@naija-monitor/protocol';
import type { AlertRecord, Silence } from '../status/alerts/types';
import type { AuditEntry } from '../store/alert-audit-repository';

/** The alert API's answers: schemas and the mapping of records onto them. */

/** An ISO-8601 date-time string. */
export const IsoTime = Type.String({ format: 'date-time' });
const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);

/** A silence. */
export const SilenceSchema = Type.Object({
  id: Type.String(),
  matchers: Type.Record(Type.String(), Type.String()),
  created_by: Type.String(),
  comment: Type.String(),
  starts_at: IsoTime,
  ends_at: IsoTime,
  created_at: IsoTime,
  expired_at: NullableIsoTime,
  active: Type.Boolean(),
});

/** One audit entry. */
export const AuditEntrySchema = Type.Object({
  at: IsoTime,
  actor: Type.String({
    description: 'Name of the ADMIN_TOKENS token; `system` for a silence that ran out',
  }),
  action: Type.Union([
    Type.Literal('acknowledged'),
    Type.Literal('unacknowledged'),
    Type.Literal('silence_created'),
    Type.Literal('silence_ended'),
    Type.Literal('silence_expired'),
  ]),
  subject_id: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** An audit entry as the API answers it. */
export function auditItem(entry: AuditEntry): Static<typeof AuditEntrySchema> {
  return {
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject_id: entry.subjectId,
    details: entry.details,
  };
}

/** ISO-8601, or null. */
export const iso = (time: Date | null) => (time ? time.toISOString() : null);

/** An alert as the API answers it. */
export function itemOf(record: AlertRecord): AlertHistoryItem {
  const ack = record.acknowledgement;
  return {
    id: record.id,
    rule: record.rule,
    fingerprint: record.fingerprint,
    severity: record.severity,
    state: record.state,
    title: record.title,
    message: record.message,
    labels: record.labels,
    group: record.group,
    observed: record.observed,
    expected: record.expected,
    started_at: record.startedAt.toISOString(),
    condition_since: iso(record.conditionSince),
    fired_at: iso(record.firedAt),
    resolved_at: iso(record.resolvedAt),
    updated_at: record.updatedAt.toISOString(),
    acknowledgement: ack
      ? {
          by: ack.by,
          at: ack.at.toISOString(),
          comment: ack.comment,
          expires_at: iso(ack.expiresAt),
        }
      : null,
  };
}

/** A silence as the API answers it; `active` at `now`. */
export function silenceItem(silence: Silence, now: Date): Static<typeof SilenceSchema> {
  return {
    id: silence.id,
    matchers: silence.matchers,
    created_by: silence.createdBy,
    comment: silence.comment,
    starts_at: silence.startsAt.toISOString(),
    ends_at: silence.endsAt.toISOString(),
    created_at: silence.createdAt.toISOString(),
    expired_at: iso(silence.expiredAt),
    active: silence.expiredAt === null && silence.startsAt <= now && now < silence.endsAt,
  };
}
