import { randomUUID } from 'node:crypto';

/** Events (and articles) in one {@link batch}. */
export const EVENTS_PER_BATCH = 6;
/** The source every batch reports on; post it first. */
export const SOURCE = {
  id: 'punch',
  name: 'Punch',
  kind: 'rss',
  url: 'https://punchng.com/feed/',
  priority: 1,
  enabled: true,
  expected_interval_seconds: 1800,
};

/**
 * One valid ingest batch: a run, its source run, articles and one event per article, with
 * fresh ids. `sourceId` goes on the last event: an unknown one fails the whole batch.
 */
export function batch(sourceId = SOURCE.id) {
  const runId = randomUUID();
  const sourceRunId = randomUUID();
  const articleIds = Array.from({ length: EVENTS_PER_BATCH }, () => randomUUID());
  return {
    run: {
      id: runId,
      started_at: '2026-01-28T15:00:00Z',
      finished_at: '2026-01-28T15:01:30Z',
      state: 'succeeded',
      trigger: 'api',
    },
    source_runs: [
      {
        id: sourceRunId,
        run_id: runId,
        source_id: SOURCE.id,
        state: 'succeeded',
        started_at: '2026-01-28T15:00:01Z',
        finished_at: '2026-01-28T15:00:04Z',
        duration_ms: 3000,
        entries_seen: EVENTS_PER_BATCH,
        articles_found: EVENTS_PER_BATCH,
        articles_new: EVENTS_PER_BATCH,
        duplicates: 0,
        too_old: 0,
        error: null,
      },
    ],
    articles: articleIds.map((id) => ({
      id,
      source_id: SOURCE.id,
      source_run_id: sourceRunId,
      url: `https://punchng.com/2026/01/28/${id}`,
      title: `Gunmen attack village in Zamfara ${id.slice(0, 8)}`,
      summary: null,
      published_at: '2026-01-28T09:00:00+01:00',
      fetched_at: '2026-01-28T15:00:03Z',
      content_hash: `sha256-${id}`,
    })),
    // The last event may name another source: an unknown one fails the whole batch.
    events: articleIds.map((articleId, i) => ({
      id: randomUUID(),
      article_id: articleId,
      source_id: i === EVENTS_PER_BATCH - 1 ? sourceId : SOURCE.id,
      run_id: runId,
      event_date: '2026-01-27',
      event_type: 'armed_attack',
      state: 'Zamfara',
      lga: null,
      place: null,
      latitude: null,
      longitude: null,
      fatalities: i,
      injuries: null,
      geocoded: false,
      geo_precision: 'none',
      validation_status: 'passed',
      validation_reasons: [],
      confidence: 0.8,
    })),
    quality_metrics: [
      {
        timestamp: '2026-01-28T15:01:30Z',
        geocoding_attempts: EVENTS_PER_BATCH,
        geocoding_successes: 0,
        geocoding_success_rate: 0,
        validation_attempts: EVENTS_PER_BATCH,
        validation_passes: EVENTS_PER_BATCH,
        validation_pass_rate: 100,
        metric_type: 'aggregate',
        source: null,
        status: 'warning',
      },
    ],
  };
}

/** A batch as {@link batch} builds it. */
export type Batch = ReturnType<typeof batch>;
