import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/tables';

/**
 * The operator console's reads (issue #16): one source's activity, events per state, the
 * quality series, alert transitions. Every read is bounded by a time range on an indexed column
 * or by a LIMIT; raw SQL, as these are reports, not entity access.
 */

export interface SourceRow {
  id: string;
  name: string;
  enabled: boolean;
  expected_interval_seconds: number;
}

export interface SourceRunRow {
  id: string;
  run_id: string;
  started_at: Date;
  finished_at: Date | null;
  state: 'running' | 'succeeded' | 'empty' | 'failed';
  articles_found: number;
  articles_new: number;
  duration_ms: number | null;
  error: string | null;
}

export interface DailyRow {
  day: string;
  articles: number;
  events: number;
}

export interface StateCountRow {
  state: string;
  events: number;
  fatalities: number;
  lga: number;
  state_only: number;
  none: number;
}

export interface StateSourceRow {
  state: string;
  source: string;
  events: number;
}

export interface StateEventRow {
  id: string;
  event_date: string;
  event_type: string;
  fatalities: number | null;
  lga: string | null;
  title: string | null;
  url: string | null;
  source: string | null;
}

export interface QualityBucketRow {
  bucket: number;
  metric_geo_attempts: number;
  metric_geo_successes: number;
  metric_val_attempts: number;
  metric_val_passes: number;
  events: number;
  events_geocoded: number;
  events_validated: number;
  events_passed: number;
}

export interface TransitionRow {
  alert_id: string;
  at: Date;
  from_state: string | null;
  to_state: string;
  actor: string | null;
  until: Date | null;
  comment: string | null;
}

const num = (value: unknown): number => Number(value ?? 0);

/**
 * `AND column <= until` for a replay (`?at=`), nothing for a live read: live reads keep rows a
 * pipeline stamped slightly ahead of the server's clock, as the status document does.
 */
const upTo = (column: string, until: Date | null) =>
  until ? sql`AND ${sql.ref(column)} <= ${until}` : sql``;

export class ConsoleQueries {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  async source(id: string): Promise<SourceRow | null> {
    const { rows } = await sql<SourceRow>`
      SELECT id, name, enabled, expected_interval_seconds FROM sources WHERE id = ${id}`.execute(
      this.#db,
    );
    return rows[0] ?? null;
  }

  /** The source's runs started since `since` (up to `until`), newest first, at most `limit`. */
  async sourceRuns(
    id: string,
    since: Date,
    until: Date | null,
    limit: number,
  ): Promise<SourceRunRow[]> {
    const { rows } = await sql<SourceRunRow>`
      SELECT id, run_id, started_at, finished_at, state, articles_found, articles_new, duration_ms, error
      FROM source_runs
      WHERE source_id = ${id} AND started_at >= ${since} ${upTo('started_at', until)}
      ORDER BY started_at DESC, id
      LIMIT ${limit}`.execute(this.#db);
    return rows;
  }

  /** Events of the source created since `since`, per pipeline run. */
  async sourceEventsPerRun(
    id: string,
    since: Date,
    until: Date | null,
  ): Promise<Map<string, number>> {
    const { rows } = await sql<{ run_id: string; n: number }>`
      SELECT run_id, count(*)::int AS n FROM conflict_events
      WHERE source_id = ${id} AND created_at >= ${since} AND run_id IS NOT NULL
        ${upTo('created_at', until)}
      GROUP BY run_id`.execute(this.#db);
    return new Map(rows.map((row) => [row.run_id, num(row.n)]));
  }

  /** Articles fetched and events created per UTC day since `since` (days without any left out). */
  async sourceDaily(id: string, since: Date, until: Date | null): Promise<DailyRow[]> {
    const { rows } = await sql<DailyRow>`
      WITH a AS (
        SELECT to_char(fetched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
        FROM articles WHERE source_id = ${id} AND fetched_at >= ${since} ${upTo('fetched_at', until)}
        GROUP BY 1
      ), e AS (
        SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
        FROM conflict_events WHERE source_id = ${id} AND created_at >= ${since} ${upTo('created_at', until)}
        GROUP BY 1
      )
      SELECT coalesce(a.day, e.day) AS day, coalesce(a.n, 0) AS articles, coalesce(e.n, 0) AS events
      FROM a FULL JOIN e ON a.day = e.day`.execute(this.#db);
    return rows.map((row) => ({
      day: row.day,
      articles: num(row.articles),
      events: num(row.events),
    }));
  }

  /** When the source last brought new articles (walks its runs backwards, stops at the first). */
  async lastProductiveAt(id: string, until: Date | null): Promise<Date | null> {
    const { rows } = await sql<{ at: Date }>`
      SELECT coalesce(finished_at, started_at) AS at FROM source_runs
      WHERE source_id = ${id} AND articles_new > 0 ${upTo('started_at', until)}
      ORDER BY started_at DESC LIMIT 1`.execute(this.#db);
    return rows[0]?.at ?? null;
  }

  /** The newest `limit` failed runs of the source, whenever they were. */
  async sourceErrors(
    id: string,
    until: Date | null,
    limit: number,
  ): Promise<{ at: Date; error: string | null }[]> {
    const { rows } = await sql<{ at: Date; error: string | null }>`
      SELECT coalesce(finished_at, started_at) AS at, error FROM source_runs
      WHERE source_id = ${id} AND state = 'failed' ${upTo('started_at', until)}
      ORDER BY started_at DESC LIMIT ${limit}`.execute(this.#db);
    return rows;
  }

  /** Events, fatalities and geocoding precision per state (as written) since `since`. */
  async stateCounts(since: Date, until: Date | null): Promise<StateCountRow[]> {
    const { rows } = await sql<StateCountRow>`
      SELECT state, count(*)::int AS events, coalesce(sum(fatalities), 0)::int AS fatalities,
             (count(*) FILTER (WHERE geo_precision = 'lga'))::int AS lga,
             (count(*) FILTER (WHERE geo_precision = 'state'))::int AS state_only,
             (count(*) FILTER (WHERE geo_precision = 'none'))::int AS none
      FROM conflict_events
      WHERE created_at >= ${since} AND state IS NOT NULL ${upTo('created_at', until)}
      GROUP BY state`.execute(this.#db);
    return rows.map((row) => ({
      state: row.state,
      events: num(row.events),
      fatalities: num(row.fatalities),
      lga: num(row.lga),
      state_only: num(row.state_only),
      none: num(row.none),
    }));
  }

  /** Source names that reported events per state since `since`, with how many. */
  async stateSources(since: Date, until: Date | null): Promise<StateSourceRow[]> {
    const { rows } = await sql<StateSourceRow>`
      SELECT e.state, s.name AS source, count(*)::int AS events
      FROM conflict_events e JOIN sources s ON s.id = e.source_id
      WHERE e.created_at >= ${since} AND e.state IS NOT NULL ${upTo('e.created_at', until)}
      GROUP BY e.state, s.name`.execute(this.#db);
    return rows.map((row) => ({ ...row, events: num(row.events) }));
  }

  /** Events of one state (case-insensitive) since `since`, newest first, at most `limit`. */
  async stateEvents(
    state: string,
    since: Date,
    until: Date | null,
    limit: number,
  ): Promise<StateEventRow[]> {
    const { rows } = await sql<StateEventRow>`
      SELECT e.id, e.event_date::text AS event_date, e.event_type, e.fatalities, e.lga,
             a.title, a.url, s.name AS source
      FROM conflict_events e
      LEFT JOIN articles a ON a.id = e.article_id
      LEFT JOIN sources s ON s.id = e.source_id
      WHERE e.created_at >= ${since} AND lower(e.state) = lower(${state}) ${upTo('e.created_at', until)}
      ORDER BY e.event_date DESC, e.created_at DESC, e.id
      LIMIT ${limit}`.execute(this.#db);
    return rows.map((row) => ({
      ...row,
      fatalities: row.fatalities === null ? null : num(row.fatalities),
    }));
  }

  /**
   * Quality counts per bucket of `bucketSeconds` (bucket = floor(epoch / bucketSeconds)) since
   * `since` (up to `until`): from `data_quality_metrics` (aggregate and hourly rows) and from the events.
   */
  async qualityBuckets(
    since: Date,
    until: Date | null,
    bucketSeconds: number,
  ): Promise<QualityBucketRow[]> {
    const { rows } = await sql<QualityBucketRow>`
      WITH m AS (
        SELECT floor(extract(epoch FROM "timestamp") / ${bucketSeconds})::int8 AS bucket,
               sum(geocoding_attempts)::int8 AS ga, sum(geocoding_successes)::int8 AS gs,
               sum(validation_attempts)::int8 AS va, sum(validation_passes)::int8 AS vp
        FROM data_quality_metrics
        WHERE "timestamp" >= ${since} AND metric_type IN ('aggregate', 'hourly')
          ${upTo('timestamp', until)}
        GROUP BY 1
      ), e AS (
        SELECT floor(extract(epoch FROM created_at) / ${bucketSeconds})::int8 AS bucket,
               count(*)::int8 AS n,
               (count(*) FILTER (WHERE geocoded))::int8 AS geocoded,
               (count(*) FILTER (WHERE validation_status <> 'pending'))::int8 AS validated,
               (count(*) FILTER (WHERE validation_status = 'passed'))::int8 AS passed
        FROM conflict_events
        WHERE created_at >= ${since} ${upTo('created_at', until)}
        GROUP BY 1
      )
      SELECT coalesce(m.bucket, e.bucket) AS bucket,
             coalesce(m.ga, 0) AS metric_geo_attempts, coalesce(m.gs, 0) AS metric_geo_successes,
             coalesce(m.va, 0) AS metric_val_attempts, coalesce(m.vp, 0) AS metric_val_passes,
             coalesce(e.n, 0) AS events, coalesce(e.geocoded, 0) AS events_geocoded,
             coalesce(e.validated, 0) AS events_validated, coalesce(e.passed, 0) AS events_passed
      FROM m FULL JOIN e ON m.bucket = e.bucket`.execute(this.#db);
    return rows.map((row) => ({
      bucket: num(row.bucket),
      metric_geo_attempts: num(row.metric_geo_attempts),
      metric_geo_successes: num(row.metric_geo_successes),
      metric_val_attempts: num(row.metric_val_attempts),
      metric_val_passes: num(row.metric_val_passes),
      events: num(row.events),
      events_geocoded: num(row.events_geocoded),
      events_validated: num(row.events_validated),
      events_passed: num(row.events_passed),
    }));
  }

  /** The newest `perAlert` transitions of each alert in `ids`, newest first. */
  async transitions(ids: readonly string[], perAlert: number): Promise<TransitionRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<TransitionRow>`
      SELECT t.alert_id, t.at, t.from_state, t.to_state, t.actor, t.until, t.comment
      FROM unnest(${[...ids]}::uuid[]) AS a(id)
      CROSS JOIN LATERAL (
        SELECT id, alert_id, at, from_state, to_state, actor, until, comment FROM alert_transitions
        WHERE alert_id = a.id ORDER BY at DESC, id DESC LIMIT ${perAlert}
      ) t
      ORDER BY t.alert_id, t.at DESC, t.id DESC`.execute(this.#db);
    return rows;
  }
}
