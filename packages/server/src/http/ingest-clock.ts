/**
 * Ingested moments must not lie in the future. A source run "started" in 2099 with new
 * articles would stay the source's newest productive run for ever, so it could never be
 * called silent; a pipeline run in the future would hide a stall (review L1). A small skew is
 * allowed for clocks that run a little ahead.
 */

/** Body fields that hold a moment (ISO-8601 with offset). */
const MOMENT_FIELDS: ReadonlySet<string> = new Set([
  'started_at',
  'finished_at',
  'published_at',
  'fetched_at',
  'timestamp',
]);
/** Body fields that hold a calendar day (`YYYY-MM-DD`, Nigerian time). */
const DAY_FIELDS: ReadonlySet<string> = new Set(['event_date']);
// Ingest bodies are objects of arrays of flat objects (a run holds its stages): depth 4 is ample.
const MAX_DEPTH = 4;
const DAY_MS = 86_400_000;

/**
 * The path (`body.source_runs.3.started_at`, as schema errors name fields) of the first moment in `body` later than `latestMs`,
 * or of a day later than that moment's calendar day plus one (time zones); null when none is.
 * `body` is a schema-validated ingest body, so its size is already bounded.
 */
export function firstFutureField(body: unknown, latestMs: number): string | null {
  const latestDay = new Date(latestMs + DAY_MS).toISOString().slice(0, 10);
  const visit = (value: unknown, path: string, depth: number): string | null => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const found = visit(value[index], `${path}.${index}`, depth + 1);
        if (found) return found;
      }
      return null;
    }
    for (const [key, field] of Object.entries(value)) {
      const fieldPath = `${path}.${key}`;
      if (typeof field === 'string') {
        if (MOMENT_FIELDS.has(key) && Date.parse(field) > latestMs) return fieldPath;
        if (DAY_FIELDS.has(key) && field > latestDay) return fieldPath;
      } else {
        const found = visit(field, fieldPath, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(body, 'body', 0);
}
