import { InvalidInputError, MonitorError } from '../errors';

/** The fields of a PostgreSQL error both drivers (node-postgres, PGlite) expose. */
interface PgErrorFields {
  code: string;
  message: string;
  constraint?: string;
  detail?: string;
}

function pgError(error: unknown): PgErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  // SQLSTATE: five characters; anything else (ECONNREFUSED...) is not a statement failure.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
    ? (error as PgErrorFields)
    : undefined;
}

/**
 * Turns a constraint or data failure raised while writing `items` (known to the caller as
 * `collection`, e.g. `events`, in `table`) into an {@link InvalidInputError} naming the item when the
 * database says which value failed (`events[3].source_id`). The store checks references
 * before writing, so this is the fallback for races and for callers that bypass the HTTP
 * schemas. Anything else is rethrown unchanged.
 */
export function toInputError(
  error: unknown,
  where: { collection: string; table: string },
  items: readonly { item: object; field: string }[],
): unknown {
  const { collection, table } = where;
  if (error instanceof MonitorError) return error;
  const pg = pgError(error);
  // Class 22: data exception (bad date, number out of range); class 23: integrity constraint.
  if (!pg || !(pg.code.startsWith('22') || pg.code.startsWith('23'))) return error;
  const key = pg.detail?.match(/^Key \(([\w, ]+)\)=\((.*)\) (?:is not present|already exists)/);
  if (key?.[1] && !key[1].includes(',')) {
    const column = key[1];
    const culprit = items.find(
      ({ item }) => String((item as Record<string, unknown>)[column]) === key[2],
    );
    const field = culprit ? `${culprit.field}.${column}` : `${collection}[].${column}`;
    const what =
      pg.code === '23503' ? `refers to a row that does not exist (${pg.detail})` : pg.detail;
    return new InvalidInputError(field, what ?? pg.message);
  }
  const prefix = `${table}_`;
  const column =
    pg.constraint?.startsWith(prefix) && pg.constraint.endsWith('_check')
      ? pg.constraint.slice(prefix.length, -'_check'.length)
      : undefined;
  return new InvalidInputError(column ? `${collection}[].${column}` : collection, pg.message);
}
