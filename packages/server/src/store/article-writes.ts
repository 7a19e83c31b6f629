import { sql } from 'kysely';
import { ConflictError } from '../errors';
import type { ArticleInput } from './ingest-types';
import { chunks, requireReferences, uuid, type Located, type WriteContext } from './write-context';

interface StoredArticle {
  id: string;
  url: string;
  content_hash: string;
}

const ARTICLE_COLUMNS = 9;

/**
 * Inserts articles that are new. An id already stored (with the same url) is a replay and
 * counts as accepted; a url or content hash already stored under another id is a duplicate
 * (the same story, or a syndicated copy), and events of the batch that name the duplicate's
 * id are moved to the stored article.
 */
export async function writeArticles(
  ctx: WriteContext,
  items: readonly Located<ArticleInput>[],
): Promise<void> {
  if (items.length === 0) return;
  const located = items.map(({ item, field }) => {
    const runId = uuid(item.source_run_id);
    return {
      field,
      item: {
        ...item,
        id: uuid(item.id),
        source_run_id: (runId && ctx.sourceRunIds.get(runId)) ?? runId,
      },
    };
  });
  await requireReferences(
    ctx.trx,
    'sources',
    located.map(({ item, field }) => ({ id: item.source_id, field: `${field}.source_id` })),
  );
  await requireReferences(
    ctx.trx,
    'source_runs',
    located.map(({ item, field }) => ({ id: item.source_run_id, field: `${field}.source_run_id` })),
  );

  const ids = located.map(({ item }) => item.id);
  const urls = located.map(({ item }) => item.url);
  const hashes = located.map(({ item }) => item.content_hash);
  const stored = await sql<StoredArticle>`SELECT id::text AS id, url, content_hash FROM articles
    WHERE id = ANY(${ids}::uuid[]) OR url = ANY(${urls}::text[]) OR content_hash = ANY(${hashes}::text[])`.execute(
    ctx.trx,
  );
  const byId = new Map<string, StoredArticle>();
  const byUrl = new Map<string, string>();
  const byHash = new Map<string, string>();
  const remember = (article: StoredArticle) => {
    byId.set(article.id, article);
    byUrl.set(article.url, article.id);
    if (!byHash.has(article.content_hash)) byHash.set(article.content_hash, article.id);
  };
  stored.rows.forEach(remember);

  const fresh: ArticleInput[] = [];
  const insertedIds = new Set<string>();
  for (const { item, field } of located) {
    const known = byId.get(item.id);
    if (known) {
      if (known.url !== item.url) {
        throw new ConflictError(
          `${field}.id: article ${item.id} is already stored with another url (${known.url})`,
        );
      }
      // The same id twice in this batch: the second is a duplicate; a stored id is a replay.
      if (insertedIds.has(item.id)) ctx.result.duplicates.articles += 1;
      else ctx.result.accepted.articles += 1;
      insertedIds.add(item.id);
      continue;
    }
    const owner = byUrl.get(item.url) ?? byHash.get(item.content_hash);
    if (owner !== undefined) {
      ctx.articleIds.set(item.id, owner);
      ctx.result.duplicates.articles += 1;
      continue;
    }
    fresh.push(item);
    insertedIds.add(item.id);
    remember({ id: item.id, url: item.url, content_hash: item.content_hash });
  }

  for (const slice of chunks(fresh, ARTICLE_COLUMNS)) {
    const inserted = await ctx.trx
      .insertInto('articles')
      .values(
        slice.map((item) => ({
          id: item.id,
          source_id: item.source_id,
          source_run_id: item.source_run_id ?? null,
          url: item.url,
          title: item.title,
          summary: item.summary ?? null,
          published_at: item.published_at ?? null,
          fetched_at: item.fetched_at,
          content_hash: item.content_hash,
        })),
      )
      // A concurrent request may have stored the same url since the lookup above.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    ctx.result.accepted.articles += inserted.length;
    if (inserted.length === slice.length) continue;
    const done = new Set(inserted.map((row) => row.id));
    const raced = slice.filter((item) => !done.has(item.id));
    const winners = await ctx.trx
      .selectFrom('articles')
      .select(['id', 'url'])
      .where(
        'url',
        'in',
        raced.map((item) => item.url),
      )
      .execute();
    const winnerByUrl = new Map(winners.map((row) => [row.url, row.id]));
    for (const item of raced) {
      const owner = winnerByUrl.get(item.url);
      if (owner !== undefined && owner !== item.id) ctx.articleIds.set(item.id, owner);
      if (owner === item.id) ctx.result.accepted.articles += 1;
      else ctx.result.duplicates.articles += 1;
    }
  }
}
