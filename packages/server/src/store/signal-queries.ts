import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/tables';
import type {
  FunnelCounts,
  PipelineRunRow,
  SourceDayActivity,
  SourceRow,
  SourceRunRow,
  StateDayCount,
} from './signal-rows';

/**
 * The reads behind the anomaly detectors and alert rules. Each is bounded in time or rows
 * and walks an index:
 * - source histories: one LATERAL LIMIT per source on `source_runs_source_started_idx`;
 * - run history (cadence learning): `source_runs_started_idx` over a fixed window;
 * - pipeline runs: `pipeline_runs_started_at_idx`, LIMIT;
 * - funnel: `articles_fetched_at_idx` and `conflict_events_created_at_idx` over 8 days;
 * - conflict series: `conflict_events_event_date_state_idx` over a few weeks of dates.
 * Aggregates are cast explicitly so both drivers return plain numbers.
 */

type Db = Kysely<Tables>;

/** A source with its latest runs and its last productive run. */
export interface SourceHistoryRows {
  source: SourceRow;
  /** Newest first. */
  recentRuns: SourceRunRow[];
  lastProductiveAt: Date | null;
}

interface RunColumns {
  state: SourceRunRow['state'];
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  entries_seen: number;
  articles_found: number;
  articles_new: number;
  error: string | null;
}

const runOf = (sourceId: string, row: RunColumns): SourceRunRow => ({
  sourceId,
  state: row.state,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms,
  entriesSeen: row.entries_seen,
  articlesFound: row.articles_found,
  articlesNew: row.articles_new,
  error: row.error,
});

/** Every source with its latest `recentRuns` runs and its newest run that brought new articles. */
export async function readSourceHistories(
  db: Db,
  options: { now: Date; recentRuns?: number; lookbackDays?: number },
): Promise<SourceHistoryRows[]> {
  const lookback = new Date(options.now.getTime() - (options.lookbackDays ?? 30) * 86_400_000);
  const limit = options.recentRuns ?? 20;
  // Ingest allows clocks a few minutes ahead (INGEST_MAX_FUTURE_SECONDS); nothing later counts.
  const latest = new Date(options.now.getTime() + 10 * 60_000);
  const { rows } = await sql<
    {
      id: string;
      name: string;
      enabled: boolean;
      expected_interval_seconds: number;
      created_at: Date;
      last_productive_at: Date | null;
      run_state: SourceRunRow['state'] | null;
    } & Omit<RunColumns, 'state'>
  >`
    SELECT s.id, s.name, s.enabled, s.expected_interval_seconds, s.created_at,
      lp.started_at AS last_productive_at,
      r.state AS run_state, r.started_at, r.finished_at, r.duration_ms, r.entries_seen,
      r.articles_found, r.articles_new, r.error
    FROM sources s
    -- Once per source (not per joined row): the newest run that brought something new. Never
    -- one in the future: rows written before ingest refused such times would blind the source.
    LEFT JOIN LATERAL (
      SELECT p.started_at FROM source_runs p
      WHERE p.source_id = s.id AND p.articles_new > 0 AND p.started_at >= ${lookback}
        AND p.started_at <= ${latest}
      ORDER BY p.started_at DESC LIMIT 1
    ) lp ON true
    LEFT JOIN LATERAL (
      SELECT q.state, q.started_at, q.finished_at, q.duration_ms, q.entries_seen, q.articles_found,
        q.articles_new, q.error
      FROM source_runs q
      WHERE q.source_id = s.id AND q.started_at >= ${lookback} AND q.started_at <= ${latest}
      ORDER BY q.started_at DESC LIMIT ${limit}
    ) r ON true
    ORDER BY s.id, r.started_at DESC`.execute(db);
  const byId = new Map<string, SourceHistoryRows>();
  for (const row of rows) {
    let history = byId.get(row.id);
    if (!history) {
      history = {
        source: {
          id: row.id,
          name: row.name,
          enabled: row.enabled,
          expectedIntervalSeconds: row.expected_interval_seconds,
          createdAt: row.created_at,
        },
        recentRuns: [],
        lastProductiveAt: row.last_productive_at,
      };
      byId.set(row.id, history);
    }
    if (row.run_state !== null)
      history.recentRuns.push(runOf(row.id, { ...row, state: row.run_state }));
  }
  return [...byId.values()];
}

/**
 * Source runs started since `since` (any source), for learning cadences and durations. Only
 * the columns cadence learning reads; the others come back empty.
 */
export async function readSourceRunHistory(db: Db, since: Date): Promise<SourceRunRow[]> {
  const rows = await db
    .selectFrom('source_runs')
    .select(['source_id', 'state', 'started_at', 'duration_ms', 'articles_new'])
    .where('started_at', '>=', since)
    .limit(200_000)
    .execute();
  return rows.map((row) => ({
    sourceId: row.source_id,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: null,
    durationMs: row.duration_ms,
    entriesSeen: 0,
    articlesFound: 0,
    articlesNew: row.articles_new,
    error: null,
  }));
}

/** The newest `limit` pipeline runs, newest first. */
export async function readPipelineRuns(db: Db, limit = 50): Promise<PipelineRunRow[]> {
  const rows = await db
    .selectFrom('pipeline_runs')
    .select(['id', 'started_at', 'finished_at', 'state', 'error'])
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    state: row.state,
    error: row.error,
  }));
}

/**
 * Stage counts per source in the baseline window [baselineStart, currentStart) and the current
 * one [currentStart, end). Articles by `fetched_at`, events by `created_at`.
 */
export async function readFunnelCounts(
  db: Db,
  window: { baselineStart: Date; currentStart: Date; end: Date },
): Promise<{ current: FunnelCounts[]; baseline: FunnelCounts[] }> {
  const { baselineStart, currentStart, end } = window;
  const articles = await sql<{ source_id: string; current: boolean; articles: number }>`
    SELECT source_id, (fetched_at >= ${currentStart}) AS current, count(*)::int AS articles
    FROM articles
    WHERE fetched_at >= ${baselineStart} AND fetched_at < ${end}
    GROUP BY 1, 2`.execute(db);
  const events = await sql<{
    source_id: string | null;
    current: boolean;
    events: number;
    geocoded: number;
    geo_state: number;
    geo_lga: number;
    decided: number;
    passed: number;
  }>`
    SELECT source_id, (created_at >= ${currentStart}) AS current,
      count(*)::int AS events,
      count(*) FILTER (WHERE geocoded)::int AS geocoded,
      count(*) FILTER (WHERE geocoded AND geo_precision = 'state')::int AS geo_state,
      count(*) FILTER (WHERE geocoded AND geo_precision = 'lga')::int AS geo_lga,
      count(*) FILTER (WHERE validation_status <> 'pending')::int AS decided,
      count(*) FILTER (WHERE validation_status = 'passed')::int AS passed
    FROM conflict_events
    WHERE created_at >= ${baselineStart} AND created_at < ${end}
    GROUP BY 1, 2`.execute(db);
  const buckets = {
    current: new Map<string | null, FunnelCounts>(),
    baseline: new Map<string | null, FunnelCounts>(),
  };
  const bucket = (current: boolean, sourceId: string | null) => {
    const map = current ? buckets.current : buckets.baseline;
    let counts = map.get(sourceId);
    if (!counts) {
      counts = {
        sourceId,
        articles: 0,
        events: 0,
        geocoded: 0,
        geoState: 0,
        geoLga: 0,
        validationDecided: 0,
        validationPassed: 0,
      };
      map.set(sourceId, counts);
    }
    return counts;
  };
  for (const row of articles.rows) bucket(row.current, row.source_id).articles += row.articles;
  for (const row of events.rows) {
    const counts = bucket(row.current, row.source_id);
    counts.events += row.events;
    counts.geocoded += row.geocoded;
    counts.geoState += row.geo_state;
    counts.geoLga += row.geo_lga;
    counts.validationDecided += row.decided;
    counts.validationPassed += row.passed;
  }
  return { current: [...buckets.current.values()], baseline: [...buckets.baseline.values()] };
}

/** Rows for the conflict detector (see `detectConflictAnomalies`). */
export interface ConflictRows {
  counts: StateDayCount[];
  nationalDaily: Array<{ day: string; events: number }>;
  sourceFirstSeen: Map<string, Date>;
  activity: SourceDayActivity[];
}

/**
 * Per-state daily counts over [from, to], national daily totals over [nationalFrom, to], when
 * each source was first seen, and per-source daily fetch outcomes over [from, to]. Days are
 * local days `offsetMinutes` east of UTC.
 */
export async function readConflictRows(
  db: Db,
  days: { from: string; to: string; nationalFrom: string; offsetMinutes: number },
): Promise<ConflictRows> {
  const counts = await sql<{
    day: string;
    state: string;
    source_id: string | null;
    events: number;
  }>`
    SELECT event_date AS day, state, source_id, count(*)::int AS events
    FROM conflict_events
    WHERE event_date >= ${days.from}::date AND event_date <= ${days.to}::date AND state IS NOT NULL
    GROUP BY 1, 2, 3`.execute(db);
  const national = await sql<{ day: string; events: number }>`
    SELECT event_date AS day, count(*)::int AS events
    FROM conflict_events
    WHERE event_date >= ${days.nationalFrom}::date AND event_date <= ${days.to}::date
    GROUP BY 1`.execute(db);
  const firstSeen = await sql<{ id: string; created_at: Date; first_run: Date | null }>`
    SELECT s.id, s.created_at,
      (SELECT r.started_at FROM source_runs r WHERE r.source_id = s.id ORDER BY r.started_at ASC LIMIT 1) AS first_run
    FROM sources s`.execute(db);
  // Local-day boundaries as instants, so the scan stays on the started_at index.
  const fromInstant = new Date(Date.parse(`${days.from}T00:00:00Z`) - days.offsetMinutes * 60_000);
  const activity = await sql<{
    source_id: string;
    day: string;
    runs: number;
    healthy_runs: number;
  }>`
    SELECT source_id,
      ((started_at AT TIME ZONE 'UTC') + make_interval(mins => ${days.offsetMinutes}::int))::date AS day,
      count(*)::int AS runs,
      count(*) FILTER (WHERE state IN ('succeeded', 'empty')
        AND NOT (entries_seen > 0 AND articles_found = 0))::int AS healthy_runs
    FROM source_runs
    WHERE started_at >= ${fromInstant}
    GROUP BY 1, 2`.execute(db);
  return {
    counts: counts.rows.map((row) => ({
      day: row.day,
      state: row.state,
      sourceId: row.source_id,
      events: row.events,
    })),
    nationalDaily: national.rows,
    sourceFirstSeen: new Map(
      firstSeen.rows.map((row) => [
        row.id,
        row.first_run && row.first_run < row.created_at ? row.first_run : row.created_at,
      ]),
    ),
    activity: activity.rows.map((row) => ({
      sourceId: row.source_id,
      day: row.day,
      runs: row.runs,
      healthyRuns: row.healthy_runs,
    })),
  };
}
