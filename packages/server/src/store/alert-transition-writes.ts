import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/tables';

/**
 * Operator actions in each alert's own history (`alert_transitions`, migrations 003 and 006):
 * a silence is written on every open alert it matches when it is created or ended, so the alert
 * history reads "silenced by X until Y" / "unsilenced by X". State changes and acknowledgements
 * are written by the `alerts` trigger; the trigger cannot know who withdrew an acknowledgement,
 * so {@link attributeUnacknowledgement} names them.
 */

/** A silence created (`silenced`, lasting `until`) or ended early (`unsilenced`). */
export interface SilenceTransition {
  matchers: Readonly<Record<string, string>>;
  to: 'silenced' | 'unsilenced';
  actor: string;
  at: Date;
  until: Date | null;
  comment: string | null;
}

/**
 * Records `transition` on every open alert the silence's matchers match (exact label values;
 * the keys `rule` and `fingerprint` match those fields, as in `status/alerts/silences.ts`).
 * One statement; returns how many alerts it was written on.
 */
export async function recordSilenceTransition(
  db: Kysely<Tables>,
  transition: SilenceTransition,
): Promise<number> {
  const { rule, fingerprint, ...labels } = transition.matchers;
  const { rows } = await sql<{ n: number }>`
    WITH written AS (
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor, until, comment)
      SELECT id, ${transition.at}, state, ${transition.to}, ${transition.actor},
             ${transition.until}, ${transition.comment}
      FROM alerts
      WHERE state <> 'resolved'
        AND labels @> ${JSON.stringify(labels)}::jsonb
        AND (${rule ?? null}::text IS NULL OR rule = ${rule ?? null})
        AND (${fingerprint ?? null}::text IS NULL OR fingerprint = ${fingerprint ?? null})
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM written`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Names `actor` on the alert's newest unattributed `unacknowledged` transition, at `at` (the
 * API's clock, as for every other operator action, rather than the trigger's `now()`).
 */
export async function attributeUnacknowledgement(
  db: Kysely<Tables>,
  alertId: string,
  actor: string,
  at: Date,
): Promise<void> {
  await sql`
    UPDATE alert_transitions SET actor = ${actor}, at = ${at}
    WHERE id = (
      SELECT id FROM alert_transitions
      WHERE alert_id = ${alertId} AND to_state = 'unacknowledged' AND actor IS NULL
      ORDER BY id DESC LIMIT 1
    )`.execute(db);
}
