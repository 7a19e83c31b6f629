import { sql, type Kysely, type Selectable } from 'kysely';
import type { AlertsTable, AlertSilencesTable, Tables } from '../db/tables';
import type { AlertRecord, Silence } from './alert-records';
import { recordLapsedSilences } from './alert-transition-writes';

/**
 * The SQL behind alerts: the engine's open instances and their transitions, acknowledgements,
 * silences and the history the API lists. Every read is bounded (open alerts use the partial
 * index `alerts_open_idx`, history `alerts_started_at_idx` with a LIMIT).
 */

type AlertRow = Selectable<AlertsTable>;
type SilenceRow = Selectable<AlertSilencesTable>;

/** Filter of {@link AlertsRepository.list}. */
export interface AlertListQuery {
  /** `open`: not resolved; `resolved`; `all`. @default 'all' */
  state?: 'open' | 'resolved' | 'all';
  rule?: string;
  /** @default 100 */
  limit?: number;
  /** Only alerts started before this (paging backwards). */
  before?: Date;
  /** Only alerts whose `source` label is this. */
  source?: string;
}

/** A new acknowledgement. */
export interface AcknowledgeInput {
  by: string;
  comment: string | null;
  at: Date;
  expiresAt: Date | null;
}

/** A new silence. */
export interface SilenceInput {
  matchers: Record<string, string>;
  createdBy: string;
  comment: string;
  startsAt: Date;
  endsAt: Date;
}

function recordOf(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    rule: row.rule,
    severity: row.severity,
    state: row.state,
    title: row.title,
    message: row.message,
    labels: row.labels,
    group: row.group_key,
    observed: row.observed,
    expected: row.expected,
    startedAt: row.started_at,
    conditionSince: row.condition_since,
    firedAt: row.fired_at,
    resolvedAt: row.resolved_at,
    updatedAt: row.updated_at,
    lastActiveAt: row.last_active_at,
    recoveringSince: row.recovering_since,
    acknowledgement:
      row.acknowledged_by !== null && row.acknowledged_at !== null
        ? {
            by: row.acknowledged_by,
            at: row.acknowledged_at,
            comment: row.ack_comment,
            expiresAt: row.ack_expires_at,
          }
        : null,
    notifiedState: row.notified_state,
    notifiedAt: row.notified_at,
  };
}

function silenceOf(row: SilenceRow): Silence {
  return {
    id: row.id,
    matchers: row.matchers,
    createdBy: row.created_by,
    comment: row.comment,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
    expiredAt: row.expired_at,
  };
}

/** One record (or the batch of removals) the database refused. */
export interface RecordWriteFailure {
  /** The record's id, or every id of the refused removal. */
  ids: string[];
  fingerprint: string | null;
  /**
   * `conflict`: another process holds an open alert with this fingerprint (reload and retry);
   * `index-inconsistent`: the open-fingerprint index refused a row that a read of the table
   * itself says is unique, so the index is corrupt (REINDEX); `error`: anything else.
   */
  kind: 'conflict' | 'index-inconsistent' | 'error';
  error: Error;
}

/** What {@link AlertsRepository.persist} could not write. */
export interface PersistResult {
  failed: RecordWriteFailure[];
}

const OPEN_FINGERPRINT_INDEX = 'alerts_open_fingerprint_idx';

/** Runs `work` inside a savepoint; on failure rolls back to it and returns the error. */
async function inSavepoint(
  trx: Kysely<Tables>,
  work: () => Promise<unknown>,
): Promise<Error | null> {
  await sql`SAVEPOINT alert_write`.execute(trx);
  try {
    await work();
    await sql`RELEASE SAVEPOINT alert_write`.execute(trx);
    return null;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT alert_write`.execute(trx);
    await sql`RELEASE SAVEPOINT alert_write`.execute(trx);
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Tells a real duplicate (another process wrote an open alert with this fingerprint) from a
 * corrupt index: on a unique violation of the open-fingerprint index, reads the table without
 * any index (sequential scan) for other open rows with that fingerprint.
 */
async function classify(
  trx: Kysely<Tables>,
  record: AlertRecord,
  error: Error,
): Promise<RecordWriteFailure> {
  const failure = { ids: [record.id], fingerprint: record.fingerprint, error };
  const fields = error as Error & { code?: unknown; constraint?: unknown };
  const unique = fields.code === '23505';
  const onOpenIndex =
    fields.constraint === OPEN_FINGERPRINT_INDEX || error.message.includes(OPEN_FINGERPRINT_INDEX);
  if (!unique || !onOpenIndex) return { ...failure, kind: unique ? 'conflict' : 'error' };
  let others = 0;
  await inSavepoint(trx, async () => {
    // SET LOCAL inside the savepoint: undone by its rollback below, the transaction goes on as before.
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM alerts
      WHERE fingerprint = ${record.fingerprint} AND state <> 'resolved' AND id <> ${record.id}`.execute(
      trx,
    );
    others = rows[0]?.n ?? 0;
    throw new Error('read only: roll the settings back');
  });
  return { ...failure, kind: others > 0 ? 'conflict' : 'index-inconsistent' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Typed access to `alerts` and `alert_silences`. */
export class AlertsRepository {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  /** Every alert not resolved (pending, firing, recovering): the engine's state after a restart. */
  async loadOpen(): Promise<AlertRecord[]> {
    const rows = await this.#db
      .selectFrom('alerts')
      .selectAll()
      .where('state', '<>', 'resolved')
      .execute();
    return rows.map(recordOf);
  }

  /** Acknowledgements of open alerts, by id (another process may have written them). */
  async openAcknowledgements(): Promise<Map<string, AlertRecord['acknowledgement']>> {
    const rows = await this.#db
      .selectFrom('alerts')
      .select(['id', 'acknowledged_by', 'acknowledged_at', 'ack_comment', 'ack_expires_at'])
      .where('state', '<>', 'resolved')
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        row.acknowledged_by !== null && row.acknowledged_at !== null
          ? {
              by: row.acknowledged_by,
              at: row.acknowledged_at,
              comment: row.ack_comment,
              expiresAt: row.ack_expires_at,
            }
          : null,
      ]),
    );
  }

  /**
   * Writes the engine's changes in one transaction, each record (and the removals) in its own
   * savepoint, so one record the database refuses cannot undo or block the others: upserts
   * `save` (never touching the acknowledgement columns, which the API owns) and deletes `remove`
   * (pending alerts whose condition went away before they fired: they never were alerts).
   * Returns what could not be written, and why.
   */
  async persist(
    save: readonly AlertRecord[],
    remove: readonly string[] = [],
  ): Promise<PersistResult> {
    const failed: RecordWriteFailure[] = [];
    if (save.length === 0 && remove.length === 0) return { failed };
    await this.#db.transaction().execute(async (trx) => {
      if (remove.length > 0) {
        const error = await inSavepoint(trx, () =>
          trx
            .deleteFrom('alerts')
            .where('id', 'in', [...remove])
            .execute(),
        );
        if (error) failed.push({ ids: [...remove], fingerprint: null, kind: 'error', error });
      }
      for (const record of save) {
        const error = await inSavepoint(trx, () => this.#writeRecord(trx, record));
        if (error) failed.push(await classify(trx, record, error));
      }
    });
    return { failed };
  }

  async #writeRecord(trx: Kysely<Tables>, record: AlertRecord): Promise<void> {
    const values = {
      fingerprint: record.fingerprint,
      rule: record.rule,
      severity: record.severity,
      state: record.state,
      title: record.title,
      message: record.message,
      labels: sql<Record<string, string>>`${JSON.stringify(record.labels)}::jsonb`,
      group_key: record.group,
      observed: record.observed,
      expected: record.expected,
      started_at: record.startedAt,
      condition_since: record.conditionSince,
      fired_at: record.firedAt,
      resolved_at: record.resolvedAt,
      updated_at: record.updatedAt,
      last_active_at: record.lastActiveAt,
      recovering_since: record.recoveringSince,
      notified_state: record.notifiedState,
      notified_at: record.notifiedAt,
    };
    await trx
      .insertInto('alerts')
      .values({ id: record.id, ...values })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
      .execute();
  }

  /** One alert by id, or null. */
  async get(id: string): Promise<AlertRecord | null> {
    if (!UUID.test(id)) return null;
    const row = await this.#db
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? recordOf(row) : null;
  }

  /** Alert history, newest first. */
  async list(query: AlertListQuery = {}): Promise<AlertRecord[]> {
    let select = this.#db.selectFrom('alerts').selectAll();
    if (query.state === 'open') select = select.where('state', '<>', 'resolved');
    if (query.state === 'resolved') select = select.where('state', '=', 'resolved');
    if (query.rule) select = select.where('rule', '=', query.rule);
    if (query.before) select = select.where('started_at', '<', query.before);
    if (query.source) select = select.where(sql<string>`labels->>'source'`, '=', query.source);
    const rows = await select
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(Math.min(Math.max(query.limit ?? 100, 1), 1000))
      .execute();
    return rows.map(recordOf);
  }

  /** Acknowledges an open alert; null when there is no open alert with that id. */
  async acknowledge(id: string, ack: AcknowledgeInput): Promise<AlertRecord | null> {
    if (!UUID.test(id)) return null;
    const row = await this.#db
      .updateTable('alerts')
      .set({
        acknowledged_by: ack.by,
        acknowledged_at: ack.at,
        ack_comment: ack.comment,
        ack_expires_at: ack.expiresAt,
      })
      .where('id', '=', id)
      .where('state', '<>', 'resolved')
      .returningAll()
      .executeTakeFirst();
    return row ? recordOf(row) : null;
  }

  /** Removes the acknowledgement of an open alert; null when there is no such alert. */
  async unacknowledge(id: string): Promise<AlertRecord | null> {
    if (!UUID.test(id)) return null;
    const row = await this.#db
      .updateTable('alerts')
      .set({
        acknowledged_by: null,
        acknowledged_at: null,
        ack_comment: null,
        ack_expires_at: null,
      })
      .where('id', '=', id)
      .where('state', '<>', 'resolved')
      .returningAll()
      .executeTakeFirst();
    return row ? recordOf(row) : null;
  }

  /** Silences that have not ended at `now` (including future ones), newest first. */
  async activeSilences(now: Date): Promise<Silence[]> {
    const rows = await this.#db
      .selectFrom('alert_silences')
      .selectAll()
      .where('ends_at', '>', now)
      .where('expired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1000)
      .execute();
    return rows.map(silenceOf);
  }

  /**
   * Writes the end of every silence that ran out by `now` into the history of the open alerts it
   * covered (once per silence); returns how many alert histories it wrote to.
   */
  recordLapsedSilences(now: Date): Promise<number> {
    return recordLapsedSilences(this.#db, now);
  }

  /** Silences, newest first; ended ones too when `includeEnded`. */
  async listSilences(now: Date, includeEnded = false, limit = 200): Promise<Silence[]> {
    if (!includeEnded) return this.activeSilences(now);
    const rows = await this.#db
      .selectFrom('alert_silences')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(Math.min(Math.max(limit, 1), 1000))
      .execute();
    return rows.map(silenceOf);
  }

  /** Creates a silence. */
  async createSilence(input: SilenceInput): Promise<Silence> {
    const row = await this.#db
      .insertInto('alert_silences')
      .values({
        matchers: sql<Record<string, string>>`${JSON.stringify(input.matchers)}::jsonb`,
        created_by: input.createdBy,
        comment: input.comment,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return silenceOf(row);
  }

  /** Ends a silence now; null when there is no silence with that id still in force. */
  async expireSilence(id: string, now: Date): Promise<Silence | null> {
    if (!UUID.test(id)) return null;
    const row = await this.#db
      .updateTable('alert_silences')
      .set({ expired_at: now })
      .where('id', '=', id)
      .where('expired_at', 'is', null)
      .where('ends_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row ? silenceOf(row) : null;
  }
}
