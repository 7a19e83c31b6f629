import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/tables';

/**
 * Operator actions in each alert's own history (`alert_transitions`, migrations 003 and 006):
 * a silence is written on every open alert it matches when it is created or ended (and, by the
 * trigger of migration 007, on an alert that opens while a silence covers it), so the alert
 * history reads "silenced by X until Y" / "unsilenced by X". A silence that runs out is written
 * by the alert evaluation ({@link recordLapsedSilences}): "unsilenced" with no actor. State
 * changes and acknowledgements are written by the `alerts` trigger; the trigger cannot know who
 * withdrew an acknowledgement, so {@link attributeUnacknowledgement} names them.
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
  const { rows } = await sql<{ n: number }>`
    WITH written AS (
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor, until, comment)
      SELECT id, ${transition.at}, state, ${transition.to}, ${transition.actor},
             ${transition.until}, ${transition.comment}
      FROM alerts
      WHERE state <> 'resolved'
        AND silence_covers(${JSON.stringify(transition.matchers)}::jsonb, labels, rule, fingerprint)
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM written`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Writes "unsilenced" (no actor, at the silence's end) on every open alert a silence covered
 * when it ran out by `now`, unless another silence still covers the alert then; marks those
 * silences so each end is written once. One statement; returns how many transitions it wrote.
 */
export async function recordLapsedSilences(db: Kysely<Tables>, now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH lapsed AS (
      UPDATE alert_silences SET lapse_recorded_at = ${now}
      WHERE lapse_recorded_at IS NULL AND expired_at IS NULL AND ends_at <= ${now}
      RETURNING id, matchers, ends_at
    ), written AS (
      INSERT INTO alert_transitions (alert_id, at, from_state, to_state, actor)
      SELECT DISTINCT ON (a.id) a.id, l.ends_at, a.state, 'unsilenced', NULL
      FROM lapsed l
      JOIN alerts a ON a.state <> 'resolved'
        AND a.started_at < l.ends_at
        AND silence_covers(l.matchers, a.labels, a.rule, a.fingerprint)
      WHERE NOT EXISTS (
        SELECT 1 FROM alert_silences other
        WHERE other.id <> l.id
          AND other.expired_at IS NULL
          AND other.starts_at <= l.ends_at
          AND other.ends_at > l.ends_at
          AND silence_covers(other.matchers, a.labels, a.rule, a.fingerprint)
      )
      ORDER BY a.id, l.ends_at DESC
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
