import type { AlertHistoryItem, AlertTransition } from '@naija-monitor/protocol';
import type { Database } from '../db/connection';
import { silenceFor } from '../status/alerts/silences';
import { AlertsRepository } from '../store/alerts-repository';
import { ConsoleQueries } from '../store/console-queries';

/** Transitions returned per alert (newest first). */
export const TRANSITIONS_PER_ALERT = 50;

type Base = Omit<
  AlertHistoryItem,
  'transitions' | 'acknowledged_by' | 'acknowledged_at' | 'silenced_by' | 'silenced_until'
>;

/**
 * The console's additions to alert history items: each alert's transitions (state changes,
 * acknowledgements; recorded by the `alerts` trigger of migration 003), who acknowledged it and
 * when, and the silence in force that covers it (its author and end). Two reads for the whole
 * list, whatever its length.
 */
export async function withConsoleFields(
  database: Database,
  items: readonly Base[],
  now: Date,
): Promise<AlertHistoryItem[]> {
  if (items.length === 0) return [];
  const [rows, silences] = await Promise.all([
    new ConsoleQueries(database.db).transitions(
      items.map((item) => item.id),
      TRANSITIONS_PER_ALERT,
    ),
    new AlertsRepository(database.db).activeSilences(now),
  ]);
  const byAlert = new Map<string, AlertTransition[]>();
  for (const row of rows) {
    let list = byAlert.get(row.alert_id);
    if (!list) byAlert.set(row.alert_id, (list = []));
    list.push({
      at: row.at.toISOString(),
      from: row.from_state as AlertTransition['from'],
      to: row.to_state as AlertTransition['to'],
      actor: row.actor,
      // Only where they say something: a silence's end, an acknowledgement's expiry, a comment.
      ...(row.until ? { until: row.until.toISOString() } : {}),
      ...(row.comment ? { comment: row.comment } : {}),
    });
  }
  return items.map((item) => {
    const silence = silenceFor(item, silences, now);
    return {
      ...item,
      transitions: byAlert.get(item.id) ?? [],
      acknowledged_by: item.acknowledgement?.by ?? null,
      acknowledged_at: item.acknowledgement?.at ?? null,
      silenced_by: silence?.createdBy ?? null,
      silenced_until: silence ? silence.endsAt.toISOString() : null,
    };
  });
}
