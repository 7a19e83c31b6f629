import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ErrorBodySchema,
  PATHS,
  StatusHistoryPageSchema,
  type StatusHistoryPage,
} from '@naija-monitor/protocol';
import { InvalidInputError } from '../errors';
import { rebuildDocument } from '../history/status-history';
import type { Json } from '../history/json-merge-patch';
import type { HistoryCursor, StatusHistoryStore } from '../store/status-history-store';
import { authorizeConsoleRead, consoleSecurity } from '../access/console-read-auth';

/** `GET /api/v1/monitoring/pipeline-status/history`. */
export const STATUS_HISTORY_PATH = `${PATHS.status}/history`;

const DEFAULT_WINDOW_MS = 86_400_000;
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 2000;

/** A replayed document and when it was published. */
export interface Replay {
  document: Json;
  publishedAt: Date;
}

/** The document as published at the newest stored publication at or before `at`, or null. */
export async function replayAt(store: StatusHistoryStore, at: Date): Promise<Replay | null> {
  const rows = await store.chainAt(at);
  const last = rows.at(-1);
  // No full document: nothing stored, or (after two writers interleaved) a patch whose segment
  // retention already took; either way nothing to rebuild.
  if (!last || rows[0]!.kind !== 'full') return null;
  return { document: rebuildDocument(rows), publishedAt: last.publishedAt };
}

const encodeCursor = (cursor: HistoryCursor): string =>
  `${cursor.publishedAt.getTime()}.${cursor.id}`;

function decodeCursor(text: string): HistoryCursor {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!match) throw new InvalidInputError('querystring.cursor', 'not a cursor this route returned');
  return { publishedAt: new Date(Number(match[1])), id: Number(match[2]) };
}

/** Parses an ISO time of the query, naming the field when it is not one. */
export function queryTime(field: string, text: string): Date {
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new InvalidInputError(field, 'not an ISO-8601 time');
  return time;
}

/** What {@link registerHistoryRoutes} needs. */
export interface HistoryRouteDeps {
  store: StatusHistoryStore;
  authTokens: readonly string[];
  /** @default () => new Date() */
  now?: () => Date;
}

/** Registers the status history listing (route 1 of the console API). */
export function registerHistoryRoutes(app: FastifyInstance, deps: HistoryRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  app.get(
    STATUS_HISTORY_PATH,
    {
      schema: {
        summary: 'Stored status publications, oldest first (for replay with ?at=)',
        description:
          'One item per stored publication; publications that changed only volatile fields (times, memory, timings) are stored once. Default window: the last 24 hours. Page on with `cursor` = `next_cursor`.',
        tags: ['status'],
        security: consoleSecurity(deps.authTokens),
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
          cursor: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: {
          200: StatusHistoryPageSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
        },
      },
    },
    async (request): Promise<StatusHistoryPage> => {
      authorizeConsoleRead(request, deps.authTokens);
      const query = request.query as {
        from?: string;
        to?: string;
        limit?: number;
        cursor?: string;
      };
      const to = query.to ? queryTime('querystring.to', query.to) : now();
      const from = query.from
        ? queryTime('querystring.from', query.from)
        : new Date(to.getTime() - DEFAULT_WINDOW_MS);
      if (from > to) throw new InvalidInputError('querystring.from', 'must not be after `to`');
      const limit = query.limit ?? DEFAULT_LIMIT;
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      // One more than asked tells whether there is a next page.
      const entries = await deps.store.list(from, to, limit + 1, cursor);
      const page = entries.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((entry) => ({
          at: entry.publishedAt.toISOString(),
          seq: entry.seq,
          overall_status:
            entry.overallStatus as StatusHistoryPage['items'][number]['overall_status'],
        })),
        next_cursor:
          entries.length > limit && last
            ? encodeCursor({ publishedAt: last.publishedAt, id: last.id })
            : null,
      };
    },
  );
}
