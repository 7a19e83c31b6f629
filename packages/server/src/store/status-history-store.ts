import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/tables';
import type { Json } from '../history/json-merge-patch';

/**
 * SQL of the status history (`status_history`, migration 003): segments of one full document
 * followed by merge patches. Raw SQL on purpose: the table is this module's alone, so it stays
 * out of the shared `Tables` type.
 */

/** One stored publication, without its body. */
export interface StatusHistoryEntry {
  id: number;
  publishedAt: Date;
  seq: number;
  overallStatus: string;
}

/** A row of a segment, in the order patches must be applied. */
export interface SegmentRow {
  id: number;
  kind: 'full' | 'patch';
  publishedAt: Date;
  seq: number;
  body: Json;
}

/** Where a page of the history starts after (exclusive): the last item of the previous page. */
export interface HistoryCursor {
  publishedAt: Date;
  id: number;
}

interface EntryRow {
  id: number;
  published_at: Date;
  seq: number;
  overall_status: string;
}

const entryOf = (row: EntryRow): StatusHistoryEntry => ({
  id: Number(row.id),
  publishedAt: row.published_at,
  seq: Number(row.seq),
  overallStatus: row.overall_status,
});

/** The new row's fields; `body` is already encoded. */
export interface NewEntry {
  publishedAt: Date;
  seq: number;
  overallStatus: string;
  body: Json;
}

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** A body as stored: its JSON, raw-deflated (small patches are not compressed by PostgreSQL). */
const pack = async (body: Json): Promise<Buffer> => deflate(Buffer.from(JSON.stringify(body)));
const unpack = async (bytes: Uint8Array): Promise<Json> =>
  JSON.parse((await inflate(bytes)).toString('utf8')) as Json;

export class StatusHistoryStore {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  /** Starts a segment with a full document; returns its id (the segment's id). */
  async insertFull(entry: NewEntry): Promise<number> {
    const result = await sql<{ id: number }>`
      WITH next AS (SELECT nextval(pg_get_serial_sequence('status_history', 'id')) AS id)
      INSERT INTO status_history (id, segment_id, kind, published_at, seq, overall_status, body)
      SELECT id, id, 'full', ${entry.publishedAt}, ${entry.seq}, ${entry.overallStatus},
             ${await pack(entry.body)}
      FROM next
      RETURNING id`.execute(this.#db);
    return Number(result.rows[0]!.id);
  }

  /** Adds a patch (against the segment's previous entry) to segment `segmentId`. */
  async insertPatch(segmentId: number, entry: NewEntry): Promise<void> {
    await sql`
      INSERT INTO status_history (segment_id, kind, published_at, seq, overall_status, body)
      VALUES (${segmentId}, 'patch', ${entry.publishedAt}, ${entry.seq}, ${entry.overallStatus},
              ${await pack(entry.body)})`.execute(this.#db);
  }

  /** Entries published in [from, to], oldest first, after `cursor`; at most `limit`. */
  async list(
    from: Date,
    to: Date,
    limit: number,
    cursor: HistoryCursor | null,
  ): Promise<StatusHistoryEntry[]> {
    const after = cursor
      ? sql`AND (published_at, id) > (${cursor.publishedAt}, ${cursor.id})`
      : sql``;
    const result = await sql<EntryRow>`
      SELECT id, published_at, seq, overall_status FROM status_history
      WHERE published_at >= ${from} AND published_at <= ${to} ${after}
      ORDER BY published_at, id
      LIMIT ${limit}`.execute(this.#db);
    return result.rows.map(entryOf);
  }

  /**
   * What rebuilds the newest publication at or before `at`: its segment's rows from the full
   * document up to that entry, in order. Empty when nothing was stored before `at`.
   */
  async chainAt(at: Date): Promise<SegmentRow[]> {
    const result = await sql<{
      id: number;
      kind: 'full' | 'patch';
      published_at: Date;
      seq: number;
      body: Uint8Array;
    }>`
      WITH target AS (
        SELECT id, segment_id FROM status_history
        WHERE published_at <= ${at}
        ORDER BY published_at DESC, id DESC
        LIMIT 1
      )
      SELECT h.id, h.kind, h.published_at, h.seq, h.body
      FROM status_history h, target t
      -- A segment's rows have ids from its full document's id up: a primary-key range scan.
      WHERE h.id BETWEEN t.segment_id AND t.id AND h.segment_id = t.segment_id
      ORDER BY h.id`.execute(this.#db);
    return Promise.all(
      result.rows.map(async (row) => ({
        id: Number(row.id),
        kind: row.kind,
        publishedAt: row.published_at,
        seq: Number(row.seq),
        body: await unpack(row.body),
      })),
    );
  }

  /**
   * Deletes up to `maxRows` rows of whole segments whose every entry was published before
   * `cutoff`, oldest first; returns the rows deleted. The oldest segment with an entry at or
   * after the cutoff (and every later one) is kept whole, so every kept patch keeps the full
   * document it starts from: rows below that segment's id belong to older segments only.
   */
  async deleteSegmentsBefore(cutoff: Date, maxRows: number): Promise<number> {
    const result = await sql`
      DELETE FROM status_history WHERE id IN (
        SELECT id FROM status_history
        WHERE id < coalesce(
          (SELECT min(segment_id) FROM status_history WHERE published_at >= ${cutoff}),
          (SELECT max(id) + 1 FROM status_history)
        )
        ORDER BY id
        LIMIT ${maxRows}
      )`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0);
  }
}
