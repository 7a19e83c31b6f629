import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connection';
import type { Tables } from '../db/tables';
import { ConflictError } from '../errors';
import { writeArticles } from './article-writes';
import { toInputError } from './db-errors';
import { writeEvents, writeQualityMetrics } from './event-writes';
import {
  emptyCounts,
  type ArticleInput,
  type EventInput,
  type IngestBatch,
  type IngestResult,
  type QualityMetricInput,
  type RunInput,
  type SourceInput,
  type SourceRunInput,
  type SourcesResult,
} from './ingest-types';
import { writeRuns, writeSourceRuns } from './run-writes';
import { writeSources } from './sources-store';
import type { Located, WriteContext } from './write-context';

/** Identifies one ingest request by its `Idempotency-Key`, and what it carried. */
export interface IdempotencyClaim {
  key: string;
  /** The route the key was first used on; the same key on another route is a conflict. */
  route: string;
  /** Digest of the request body; the same key with another body is a conflict. */
  bodyHash: string;
}

/** An answer given under an idempotency key: the first one, stored, or its replay. */
export interface IdempotentAnswer<T> {
  statusCode: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * The only code that writes the pipeline's tables. Every call is one transaction: all of it
 * is stored or none of it. Idempotent by the client's ids: replaying a batch stores nothing
 * new and answers the same counts. Invalid input throws `InvalidInputError` naming the item
 * (`events[3].source_id`); an id reused for other content throws `ConflictError`.
 */
export interface IngestStore {
  /** Upserts news sources by slug. */
  upsertSources(sources: readonly SourceInput[]): Promise<SourcesResult>;
  /** Upserts one pipeline run and its stages. */
  upsertRun(run: RunInput): Promise<IngestResult>;
  /** Upserts per-source results of runs. */
  recordSourceRuns(sourceRuns: readonly SourceRunInput[]): Promise<IngestResult>;
  /** Inserts articles, deduplicated by id, url and content hash. */
  insertArticles(articles: readonly ArticleInput[]): Promise<IngestResult>;
  /** Upserts conflict events. */
  insertEvents(events: readonly EventInput[]): Promise<IngestResult>;
  /** Inserts data quality rows. */
  insertQualityMetrics(metrics: readonly QualityMetricInput[]): Promise<IngestResult>;
  /** Writes runs, source runs, articles, events and quality metrics in one transaction. */
  recordBatch(batch: IngestBatch): Promise<IngestResult>;
  /**
   * {@link recordBatch} under an idempotency key: the answer is stored in the same
   * transaction; a later call with the same key gets it back without writing anything.
   * Throws `ConflictError` when the key was used for another body or route.
   */
  recordBatchOnce(
    claim: IdempotencyClaim,
    batch: IngestBatch,
  ): Promise<IdempotentAnswer<IngestResult>>;
  /** {@link upsertSources} under an idempotency key (see {@link recordBatchOnce}). */
  upsertSourcesOnce(
    claim: IdempotencyClaim,
    sources: readonly SourceInput[],
  ): Promise<IdempotentAnswer<SourcesResult>>;
  /** Forgets idempotency keys first used before `before`; returns how many. */
  pruneIdempotencyKeys(before: Date): Promise<number>;
}

/** Status code stored with every answer: all store writes answer "201 Created". */
const CREATED = 201;
/** SQLSTATEs worth retrying the whole transaction for: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

/** Raised inside a transaction to roll it back when another request took the key first. */
class KeyTaken extends Error {}

function located<T>(items: readonly T[] | undefined, name: string): Located<T>[] {
  return (items ?? []).map((item, index) => ({ item, field: `${name}[${index}]` }));
}

function runsOf(batch: IngestBatch): Located<RunInput>[] {
  const single = batch.run ? [{ item: batch.run, field: 'run' }] : [];
  return [...single, ...located(batch.runs, 'runs')];
}

async function writeBatch(trx: Transaction<Tables>, batch: IngestBatch): Promise<IngestResult> {
  const ctx: WriteContext = {
    trx,
    result: { accepted: emptyCounts(), duplicates: emptyCounts() },
    sourceRunIds: new Map(),
    articleIds: new Map(),
  };
  // Order follows the foreign keys: runs, then what refers to them.
  const steps = [
    { collection: 'runs', table: 'pipeline_runs', items: runsOf(batch), write: writeRuns },
    {
      collection: 'source_runs',
      table: 'source_runs',
      items: located(batch.source_runs, 'source_runs'),
      write: writeSourceRuns,
    },
    {
      collection: 'articles',
      table: 'articles',
      items: located(batch.articles, 'articles'),
      write: writeArticles,
    },
    {
      collection: 'events',
      table: 'conflict_events',
      items: located(batch.events, 'events'),
      write: writeEvents,
    },
    {
      collection: 'quality_metrics',
      table: 'data_quality_metrics',
      items: located(batch.quality_metrics, 'quality_metrics'),
      write: writeQualityMetrics,
    },
  ] as const;
  for (const step of steps) {
    try {
      // Each step's items match its writer; TypeScript cannot see through the union here.
      await (
        step.write as (ctx: WriteContext, items: readonly Located<unknown>[]) => Promise<void>
      )(ctx, step.items);
    } catch (error) {
      throw toInputError(error, step, step.items);
    }
  }
  return ctx.result;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Creates the write API over `database`. */
export function createIngestStore(database: Database): IngestStore {
  const { db } = database;

  async function transact<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        const state = sqlState(error);
        if (attempt >= ATTEMPTS || state === undefined || !RETRYABLE.has(state)) throw error;
      }
    }
  }

  async function storedAnswer<T>(
    claim: IdempotencyClaim,
  ): Promise<IdempotentAnswer<T> | undefined> {
    const row = await db
      .selectFrom('ingest_requests')
      .select(['route', 'body_hash', 'status_code', 'response'])
      .where('idempotency_key', '=', claim.key)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.route !== claim.route || row.body_hash !== claim.bodyHash) {
      throw new ConflictError(
        `Idempotency-Key "${claim.key}" was already used for ${row.route === claim.route ? 'another body' : row.route}; use a new key for a new request`,
      );
    }
    return { statusCode: row.status_code, body: row.response as T, replayed: true };
  }

  async function once<T>(claim: IdempotencyClaim, work: (trx: Transaction<Tables>) => Promise<T>) {
    const earlier = await storedAnswer<T>(claim);
    if (earlier) return earlier;
    try {
      const body = await transact(async (trx) => {
        const answer = await work(trx);
        const claimed = await trx
          .insertInto('ingest_requests')
          .values({
            idempotency_key: claim.key,
            route: claim.route,
            body_hash: claim.bodyHash,
            status_code: CREATED,
            // Text cast to jsonb: both drivers then send the same string, never re-encode it.
            response: sql`${JSON.stringify(answer)}::text::jsonb`,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returning('idempotency_key')
          .executeTakeFirst();
        if (!claimed) throw new KeyTaken();
        return answer;
      });
      return { statusCode: CREATED, body, replayed: false } satisfies IdempotentAnswer<T>;
    } catch (error) {
      if (!(error instanceof KeyTaken)) throw error;
      // A concurrent request with the same key committed first: answer what it answered.
      const winner = await storedAnswer<T>(claim);
      if (!winner) throw new ConflictError(`Idempotency-Key "${claim.key}" is in use; retry`);
      return winner;
    }
  }

  const recordBatch = (batch: IngestBatch) => transact((trx) => writeBatch(trx, batch));
  const upsertSources = (sources: readonly SourceInput[]) =>
    transact((trx) => writeSources(trx, located(sources, 'sources')));

  return {
    upsertSources,
    upsertRun: (run) => recordBatch({ run }),
    recordSourceRuns: (items) => recordBatch({ source_runs: [...items] }),
    insertArticles: (items) => recordBatch({ articles: [...items] }),
    insertEvents: (items) => recordBatch({ events: [...items] }),
    insertQualityMetrics: (items) => recordBatch({ quality_metrics: [...items] }),
    recordBatch,
    recordBatchOnce: (claim, batch) => once(claim, (trx) => writeBatch(trx, batch)),
    upsertSourcesOnce: (claim, sources) =>
      once(claim, (trx) => writeSources(trx, located(sources, 'sources'))),
    async pruneIdempotencyKeys(before) {
      const result = await db
        .deleteFrom('ingest_requests')
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
