import { createHash, randomUUID } from 'node:crypto';
import { E2E_INGEST_TOKEN } from './monitor-server';

/**
 * Realistic pipeline data posted through the real ingest API (with the test server's token),
 * so every figure the dashboard shows comes from the server's own computation.
 */

const SOURCES = [
  {
    id: 'premium-times',
    name: 'Premium Times',
    url: 'https://www.premiumtimesng.com/feed',
    priority: 1,
  },
  { id: 'punch', name: 'Punch', url: 'https://punchng.com/feed/', priority: 1 },
  { id: 'vanguard', name: 'Vanguard', url: 'https://www.vanguardngr.com/feed/', priority: 2 },
  { id: 'daily-trust', name: 'Daily Trust', url: 'https://dailytrust.com/feed/', priority: 2 },
  { id: 'channels', name: 'Channels TV', url: 'https://www.channelstv.com/feed/', priority: 2 },
  {
    id: 'guardian-ng',
    name: 'The Guardian Nigeria',
    url: 'https://guardian.ng/feed/',
    priority: 3,
  },
] as const;

const STATES = ['Borno', 'Kaduna', 'Zamfara', 'Plateau', 'Benue', 'Lagos', 'Katsina', 'Niger'];
const EVENT_TYPES = ['armed_attack', 'kidnapping', 'communal_clash', 'protest', 'banditry'];

/** One source id of the seeded set. */
export type SeededSourceId = (typeof SOURCES)[number]['id'];

async function post(baseUrl: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();

function article(sourceId: string, sourceRunId: string | null, fetchedMs: number, n: number) {
  const url = `https://news.example.ng/${sourceId}/${randomUUID()}`;
  return {
    id: randomUUID(),
    source_id: sourceId,
    source_run_id: sourceRunId,
    url,
    title: `Report ${n} from ${sourceId}`,
    summary: null,
    published_at: iso(fetchedMs - 3_600_000),
    fetched_at: iso(fetchedMs),
    content_hash: createHash('sha256').update(url).digest('hex'),
  };
}

function event(
  articleId: string | null,
  sourceId: string,
  runId: string | null,
  createdMs: number,
  n: number,
) {
  const geocoded = n % 7 !== 0;
  return {
    id: randomUUID(),
    article_id: articleId,
    source_id: sourceId,
    run_id: runId,
    event_date: iso(createdMs).slice(0, 10),
    event_type: EVENT_TYPES[n % EVENT_TYPES.length]!,
    state: STATES[n % STATES.length]!,
    lga: null,
    place: null,
    latitude: geocoded ? 9 + (n % 5) : null,
    longitude: geocoded ? 7 + (n % 4) : null,
    fatalities: n % 3,
    injuries: n % 4,
    geocoded,
    geo_precision: geocoded ? 'state' : 'none',
    validation_status: n % 9 === 0 ? 'needs_review' : 'passed',
    validation_reasons: [],
    confidence: 0.8,
  };
}

/**
 * Six sources; one finished run 10 minutes ago with all five stages timed, one failing source;
 * articles and events; 24 hourly aggregate quality measurements.
 */
export async function seedPipeline(baseUrl: string, nowMs = Date.now()): Promise<void> {
  await post(baseUrl, '/api/v1/ingest/sources', {
    sources: SOURCES.map((source) => ({
      ...source,
      kind: 'rss',
      enabled: true,
      expected_interval_seconds: 3600,
    })),
  });

  const runId = randomUUID();
  const startMs = nowMs - 10 * 60_000;
  let cursor = startMs;
  const stage = (name: string, items: number, total: number, durationMs: number) => {
    const stageStart = cursor;
    cursor += durationMs;
    return {
      stage: name,
      state: 'succeeded',
      items,
      total,
      started_at: iso(stageStart),
      finished_at: iso(cursor),
    };
  };
  const sourceRuns = SOURCES.map((source, i) => {
    const failed = source.id === 'vanguard';
    return {
      id: randomUUID(),
      run_id: runId,
      source_id: source.id,
      state: failed ? 'failed' : 'succeeded',
      started_at: iso(startMs + i * 1000),
      finished_at: iso(startMs + i * 1000 + 2400),
      duration_ms: 2400,
      entries_seen: failed ? 0 : 20,
      articles_found: failed ? 0 : 8,
      articles_new: failed ? 0 : 6,
      duplicates: failed ? 0 : 2,
      too_old: 0,
      error: failed ? 'HTTP 503 Service Unavailable from https://www.vanguardngr.com/feed/' : null,
    };
  });
  const articles = sourceRuns
    .filter((run) => run.state === 'succeeded')
    .flatMap((run) =>
      Array.from({ length: 6 }, (_, n) =>
        article(run.source_id, run.id, startMs + 5000 + n * 1000, n),
      ),
    );
  const events = articles
    .filter((_, n) => n % 2 === 0)
    .map((a, n) => event(a.id, a.source_id, runId, startMs + 60_000 + n * 1000, n));
  const hour = 3_600_000;
  const quality = Array.from({ length: 24 }, (_, i) => {
    const attempts = 40 + (i % 5) * 3;
    const geocodingSuccesses = Math.round(attempts * (0.78 + 0.1 * Math.sin(i / 3)));
    const validations = geocodingSuccesses;
    const passes = Math.round(validations * (0.9 + 0.05 * Math.cos(i / 4)));
    return {
      timestamp: iso(nowMs - (23 - i) * hour - 5 * 60_000),
      geocoding_attempts: attempts,
      geocoding_successes: geocodingSuccesses,
      geocoding_success_rate: Math.round((geocodingSuccesses / attempts) * 1000) / 10,
      validation_attempts: validations,
      validation_passes: passes,
      validation_pass_rate: Math.round((passes / validations) * 1000) / 10,
      metric_type: 'aggregate',
      source: null,
      status: 'healthy',
    };
  });

  await post(baseUrl, '/api/v1/ingest/batch', {
    run: {
      id: runId,
      started_at: iso(startMs),
      finished_at: iso(startMs + 95_000),
      state: 'partial',
      trigger: 'schedule',
      error: null,
      stages: [
        stage('collection', 5, 6, 14_200),
        stage('processing', 30, 30, 3_400),
        stage('extraction', 15, 30, 41_800),
        stage('geocoding', 13, 15, 22_600),
        stage('validation', 13, 13, 1_900),
      ],
    },
    source_runs: sourceRuns,
    articles,
    events,
    quality_metrics: quality,
  });
}

/** Posts `count` new articles from `sourceId` in their own batch: a change the dashboard must show. */
export async function ingestArticles(
  baseUrl: string,
  sourceId: SeededSourceId,
  count: number,
): Promise<void> {
  const now = Date.now();
  await post(baseUrl, '/api/v1/ingest/batch', {
    articles: Array.from({ length: count }, (_, n) => article(sourceId, null, now - n * 1000, n)),
  });
}

/**
 * One finished run of `sourceId` that started `startedMs`, with `articles` articles fetched
 * during it and `events` events in `state` (created now: the server stamps `created_at`). For
 * the console's range (articles of 5 h or 3 days ago) and replay (a run after a moment).
 */
export async function ingestSourceRun(
  baseUrl: string,
  options: {
    sourceId: SeededSourceId;
    startedMs: number;
    articles: number;
    events?: number;
    state?: string;
  },
): Promise<void> {
  const runId = randomUUID();
  const sourceRunId = randomUUID();
  const { startedMs } = options;
  const articles = Array.from({ length: options.articles }, (_, n) =>
    article(options.sourceId, sourceRunId, startedMs + 1000 + n * 100, n),
  );
  const events = Array.from({ length: options.events ?? 0 }, (_, n) => ({
    ...event(
      articles[n % Math.max(articles.length, 1)]?.id ?? null,
      options.sourceId,
      runId,
      startedMs,
      n,
    ),
    ...(options.state ? { state: options.state } : {}),
  }));
  await post(baseUrl, '/api/v1/ingest/batch', {
    run: {
      id: runId,
      started_at: iso(startedMs),
      finished_at: iso(startedMs + 30_000),
      state: 'succeeded',
      trigger: 'schedule',
      error: null,
    },
    source_runs: [
      {
        id: sourceRunId,
        run_id: runId,
        source_id: options.sourceId,
        state: 'succeeded',
        started_at: iso(startedMs),
        finished_at: iso(startedMs + 2400),
        duration_ms: 2400,
        entries_seen: options.articles,
        articles_found: options.articles,
        articles_new: options.articles,
        duplicates: 0,
        too_old: 0,
        error: null,
      },
    ],
    articles,
    events,
  });
}
