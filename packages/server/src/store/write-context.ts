import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Tables } from '../db/tables';
import { InvalidInputError } from '../errors';
import type { IngestResult } from './ingest-types';

/** An input item and where it sat in the request (`events[3]`), for error messages. */
export interface Located<T> {
  item: T;
  field: string;
}

/** State shared by the writers of one batch, inside its transaction. */
export interface WriteContext {
  trx: Transaction<Tables>;
  result: IngestResult;
  /** Source-run ids the batch used for a (run, source) already stored under another id → that id. */
  sourceRunIds: Map<string, string>;
  /** Article ids the batch used for an article already stored (same url or hash) → its id. */
  articleIds: Map<string, string>;
}

/** Tables other rows refer to, with the type of their `id` and a name for messages. */
const REFERENCED = {
  sources: { idType: 'text', noun: 'source' },
  pipeline_runs: { idType: 'uuid', noun: 'pipeline run' },
  source_runs: { idType: 'uuid', noun: 'source run' },
  articles: { idType: 'uuid', noun: 'article' },
} as const;

/** A table rows refer to by `id`. */
export type ReferencedTable = keyof typeof REFERENCED;

/** `id = ANY($1::type[])`: one parameter whatever the number of ids. */
export function idIn(ids: readonly string[], idType: 'text' | 'uuid') {
  return sql<boolean>`id = ANY(${[...ids]}::${sql.raw(idType)}[])`;
}

/**
 * Throws {@link InvalidInputError} naming the first reference (`events[3].source_id`) whose
 * row does not exist in `table`. Null and undefined references are fine (optional links).
 * Runs inside the batch's transaction, so rows written earlier in the batch count.
 */
export async function requireReferences(
  trx: Transaction<Tables>,
  table: ReferencedTable,
  references: readonly { id: string | null | undefined; field: string }[],
): Promise<void> {
  const wanted = [...new Set(references.map((ref) => ref.id).filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const { idType, noun } = REFERENCED[table];
  const { rows } = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(table)}
    WHERE ${idIn(wanted, idType)}`.execute(trx);
  const found = new Set(rows.map((row) => row.id));
  const missing = references.find((ref) => ref.id && !found.has(ref.id));
  if (missing) {
    throw new InvalidInputError(
      missing.field,
      `no ${noun} "${missing.id}" exists; send it first or in the same batch`,
    );
  }
}

/** Splits `items` into slices small enough for one statement's parameters (65 535 at most). */
export function chunks<T>(items: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Lower-cases a UUID (PostgreSQL answers them lower-case), keeping null and undefined. */
export function uuid<T extends string | null | undefined>(id: T): T {
  return (typeof id === 'string' ? id.toLowerCase() : id) as T;
}

/** `(t.a, t.b) IS DISTINCT FROM (excluded.a, excluded.b)`: an upsert that skips unchanged rows. */
export function changed(table: string, columns: readonly string[]) {
  const current = sql.join(columns.map((column) => sql.ref(`${table}.${column}`)));
  const incoming = sql.join(columns.map((column) => sql.ref(`excluded.${column}`)));
  return sql<boolean>`(${current}) IS DISTINCT FROM (${incoming})`;
}

/**
 * `{ a: excluded.a, ... }` for `ON CONFLICT ... DO UPDATE SET`. Typed `never` so it fits any
 * column: the value is the column's own incoming value, so its type always matches.
 */
export function fromExcluded<C extends string>(
  columns: readonly C[],
): Record<C, RawBuilder<never>> {
  return Object.fromEntries(
    columns.map((column) => [column, sql.ref<never>(`excluded.${column}`)]),
  ) as Record<C, RawBuilder<never>>;
}
