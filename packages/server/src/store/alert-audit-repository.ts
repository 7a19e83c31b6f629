import { sql, type Kysely } from 'kysely';
import type { AlertAuditTable, Tables } from '../db/tables';

/** One recorded change of alert handling. */
export interface AuditEntry {
  at: Date;
  /** The admin token's name; `system` for a silence that reached its end by itself. */
  actor: string;
  action: AlertAuditTable['action'] | 'silence_expired';
  subjectId: string;
  details: Record<string, unknown>;
}

/**
 * The alert audit trail (`alert_audit`, migration 004) and the silence count behind
 * `MAX_ACTIVE_SILENCES`. A silence that runs to its end is not written at that moment (nobody
 * acts then); {@link list} derives its `silence_expired` entry from `alert_silences.ends_at`.
 */
export class AlertAuditRepository {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  /** Records one change. */
  async record(
    entry: Omit<AuditEntry, 'action'> & { action: AlertAuditTable['action'] },
  ): Promise<void> {
    await this.#db
      .insertInto('alert_audit')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject_id: entry.subjectId,
        details: sql<Record<string, unknown>>`${JSON.stringify(entry.details)}::jsonb`,
      })
      .execute();
  }

  /** Silences in force or scheduled at `now` (not ended, not expired). */
  async countActiveSilences(now: Date): Promise<number> {
    const row = await this.#db
      .selectFrom('alert_silences')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('ends_at', '>', now)
      .where('expired_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The newest `limit` entries (at most 1000), recorded and derived expiries, newest first. */
  async list(now: Date, limit = 100): Promise<AuditEntry[]> {
    const bounded = Math.min(Math.max(limit, 1), 1000);
    const [recorded, expired] = await Promise.all([
      this.#db
        .selectFrom('alert_audit')
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(bounded)
        .execute(),
      this.#db
        .selectFrom('alert_silences')
        .select(['id', 'ends_at', 'matchers'])
        .where('ends_at', '<=', now)
        .where('expired_at', 'is', null)
        .orderBy('ends_at', 'desc')
        .limit(bounded)
        .execute(),
    ]);
    const entries: AuditEntry[] = [
      ...recorded.map((row) => ({
        at: row.at,
        actor: row.actor,
        action: row.action,
        subjectId: row.subject_id,
        details: row.details,
      })),
      ...expired.map((row) => ({
        at: row.ends_at,
        actor: 'system',
        action: 'silence_expired' as const,
        subjectId: row.id,
        details: { matchers: row.matchers },
      })),
    ];
    return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, bounded);
  }
}
