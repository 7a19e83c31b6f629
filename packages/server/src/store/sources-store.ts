import { sql, type Transaction } from 'kysely';
import type { Tables } from '../db/tables';
import type { SourceInput, SourcesResult } from './ingest-types';
import { toInputError } from './db-errors';
import { changed, chunks, fromExcluded, type Located } from './write-context';

const SOURCE_COLUMNS = [
  'name',
  'kind',
  'url',
  'priority',
  'enabled',
  'expected_interval_seconds',
] as const;

/**
 * Upserts sources by id (their slug). An unchanged source is left alone (its `updated_at`
 * too); the same id twice in one call keeps the last and counts the others as duplicates.
 */
export async function writeSources(
  trx: Transaction<Tables>,
  items: readonly Located<SourceInput>[],
): Promise<SourcesResult> {
  const latest = new Map<string, SourceInput>();
  let duplicates = 0;
  for (const { item } of items) {
    if (latest.has(item.id)) duplicates += 1;
    latest.set(item.id, item);
  }
  try {
    const rows = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const slice of chunks(rows, SOURCE_COLUMNS.length + 1)) {
      await trx
        .insertInto('sources')
        .values(
          slice.map((source) => ({
            id: source.id,
            name: source.name,
            kind: source.kind,
            url: source.url,
            priority: source.priority,
            enabled: source.enabled,
            expected_interval_seconds: source.expected_interval_seconds,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ ...fromExcluded(SOURCE_COLUMNS), updated_at: sql`now()` })
            .where(changed('sources', SOURCE_COLUMNS)),
        )
        .execute();
    }
  } catch (error) {
    throw toInputError(error, { collection: 'sources', table: 'sources' }, items);
  }
  return { accepted: { sources: latest.size }, duplicates: { sources: duplicates } };
}
