import { sql } from 'kysely';
import { ConflictError } from '../errors';
import type { RunInput, SourceRunInput } from './ingest-types';
import { toInputError } from './db-errors';
import {
  changed,
  chunks,
  fromExcluded,
  idIn,
  requireReferences,
  uuid,
  type Located,
  type WriteContext,
} from './write-context';

const RUN_COLUMNS = ['started_at', 'finished_at', 'state', 'trigger', 'error'] as const;
const STAGE_COLUMNS = ['state', 'items', 'total', 'started_at', 'finished_at'] as const;
const SOURCE_RUN_COLUMNS = [
  'state',
  'started_at',
  'finished_at',
  'duration_ms',
  'entries_seen',
  'articles_found',
  'articles_new',
  'duplicates',
  'too_old',
  'error',
] as const;

/**
 * A "running" report that arrives after the run (or source run) finished is stale: delivery
 * is at-least-once and may reorder, and a finished run must not look unfinished again.
 */
function isStale(storedState: string | undefined, incomingState: string): boolean {
  return storedState !== undefined && storedState !== 'running' && incomingState === 'running';
}

/**
 * Upserts pipeline runs and their stages. A run posted again updates it, except a stale
 * "running" over a finished run, which counts as a duplicate (and its stages are ignored).
 * The same id twice in one batch: the last report wins, the earlier ones are duplicates.
 */
export async function writeRuns(
  ctx: WriteContext,
  runs: readonly Located<RunInput>[],
): Promise<void> {
  if (runs.length === 0) return;
  const ids = [...new Set(runs.map(({ item }) => uuid(item.id)))];
  const stored = await ctx.trx
    .selectFrom('pipeline_runs')
    .select(['id', 'state'])
    .where(idIn(ids, 'uuid'))
    .forUpdate()
    .execute();
  const states = new Map(stored.map((row) => [row.id, row.state as string]));
  const latest = new Map<string, RunInput>();
  for (const { item } of runs) {
    const id = uuid(item.id);
    if (isStale(latest.get(id)?.state ?? states.get(id), item.state)) {
      ctx.result.duplicates.runs += 1;
      continue;
    }
    if (latest.has(id)) ctx.result.duplicates.runs += 1;
    latest.set(id, item);
  }
  // Sorted by id, so concurrent batches lock rows in the same order and cannot deadlock.
  const rows = [...latest].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const slice of chunks(rows, RUN_COLUMNS.length + 1)) {
    await ctx.trx
      .insertInto('pipeline_runs')
      .values(
        slice.map(([id, run]) => ({
          id,
          started_at: run.started_at,
          finished_at: run.finished_at ?? null,
          state: run.state,
          trigger: run.trigger,
          error: run.error ?? null,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(fromExcluded(RUN_COLUMNS))
          .where(changed('pipeline_runs', RUN_COLUMNS)),
      )
      .execute();
  }
  const stages = rows.flatMap(([id, run]) =>
    // One row per stage: the last report of a stage in the list wins.
    [...new Map((run.stages ?? []).map((stage) => [stage.stage, stage])).values()].map((stage) => ({
      run_id: id,
      stage: stage.stage,
      state: stage.state,
      items: stage.items,
      total: stage.total,
      started_at: stage.started_at ?? null,
      finished_at: stage.finished_at ?? null,
    })),
  );
  for (const slice of chunks(stages, STAGE_COLUMNS.length + 2)) {
    await ctx.trx
      .insertInto('run_stages')
      .values(slice)
      .onConflict((oc) =>
        oc
          .columns(['run_id', 'stage'])
          .doUpdateSet(fromExcluded(STAGE_COLUMNS))
          .where(changed('run_stages', STAGE_COLUMNS)),
      )
      .execute();
  }
  ctx.result.accepted.runs += latest.size;
}

interface StoredSourceRun {
  id: string;
  run_id: string;
  source_id: string;
  state: string;
}

/**
 * Upserts per-source results. A second result for a (run, source) already stored under
 * another id is a duplicate, and articles of the batch that name that other id are moved to
 * the stored one. Reusing an id for another (run, source) is a conflict.
 */
export async function writeSourceRuns(
  ctx: WriteContext,
  items: readonly Located<SourceRunInput>[],
): Promise<void> {
  if (items.length === 0) return;
  await requireReferences(
    ctx.trx,
    'pipeline_runs',
    items.map(({ item, field }) => ({ id: uuid(item.run_id), field: `${field}.run_id` })),
  );
  await requireReferences(
    ctx.trx,
    'sources',
    items.map(({ item, field }) => ({ id: item.source_id, field: `${field}.source_id` })),
  );

  const ids = items.map(({ item }) => uuid(item.id));
  const runIds = items.map(({ item }) => uuid(item.run_id));
  const sourceIds = items.map(({ item }) => item.source_id);
  const stored =
    await sql<StoredSourceRun>`SELECT id::text AS id, run_id::text AS run_id, source_id, state
    FROM source_runs
    WHERE ${idIn(ids, 'uuid')}
       OR (run_id, source_id) IN (SELECT * FROM unnest(${runIds}::uuid[], ${sourceIds}::text[]))
    FOR UPDATE`.execute(ctx.trx);
  const byId = new Map<string, StoredSourceRun>(stored.rows.map((row) => [row.id, row]));
  const byPair = new Map<string, string>(
    stored.rows.map((row) => [`${row.run_id}/${row.source_id}`, row.id]),
  );

  // Latest report per id, in first-seen order; earlier reports of the same id are duplicates.
  const toWrite = new Map<string, Located<SourceRunInput>>();
  for (const located of items) {
    const { item, field } = located;
    const id = uuid(item.id);
    const runId = uuid(item.run_id);
    const pair = `${runId}/${item.source_id}`;
    const known = byId.get(id);
    if (known && (known.run_id !== runId || known.source_id !== item.source_id)) {
      throw new ConflictError(
        `${field}.id: source run ${id} is already stored for source "${known.source_id}" in run ${known.run_id}`,
      );
    }
    const owner = byPair.get(pair);
    if (owner !== undefined && owner !== id) {
      ctx.sourceRunIds.set(id, owner);
      ctx.result.duplicates.source_runs += 1;
      continue;
    }
    const previous = toWrite.get(id)?.item.state ?? known?.state;
    if (isStale(previous, item.state)) {
      ctx.result.duplicates.source_runs += 1;
      continue;
    }
    if (toWrite.has(id)) ctx.result.duplicates.source_runs += 1;
    toWrite.set(id, located);
    byPair.set(pair, id);
    byId.set(id, { id, run_id: runId, source_id: item.source_id, state: item.state });
  }

  // Sorted by id, so concurrent batches lock rows in the same order and cannot deadlock.
  const rows = [...toWrite.values()].sort((a, b) => (uuid(a.item.id) < uuid(b.item.id) ? -1 : 1));
  try {
    for (const slice of chunks(rows, SOURCE_RUN_COLUMNS.length + 3)) {
      await ctx.trx
        .insertInto('source_runs')
        .values(
          slice.map(({ item }) => ({
            id: uuid(item.id),
            run_id: uuid(item.run_id),
            source_id: item.source_id,
            state: item.state,
            started_at: item.started_at,
            finished_at: item.finished_at ?? null,
            duration_ms: item.duration_ms ?? null,
            entries_seen: item.entries_seen,
            articles_found: item.articles_found,
            articles_new: item.articles_new,
            duplicates: item.duplicates,
            too_old: item.too_old,
            error: item.error ?? null,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(fromExcluded(SOURCE_RUN_COLUMNS))
            // Also guards against a finished result committed meanwhile by another request.
            .where(changed('source_runs', SOURCE_RUN_COLUMNS))
            .where(
              sql<boolean>`NOT (source_runs.state <> 'running' AND excluded.state = 'running')`,
            ),
        )
        .execute();
    }
  } catch (error) {
    throw toInputError(error, { collection: 'source_runs', table: 'source_runs' }, items);
  }
  ctx.result.accepted.source_runs += rows.length;
}
