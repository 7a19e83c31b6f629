import { randomUUID } from 'node:crypto';
import type { IngestBatchBody, IngestRun, IngestSource } from '@naija-monitor/protocol';
import type { Database } from '../../src/db/connection';

/** Punch's feed: the source every {@link pipelineBatch} reports on; post it first. */
export const PUNCH_SOURCE: IngestSource = {
  id: 'punch',
  name: 'Punch',
  kind: 'rss',
  url: 'https://punchng.com/feed/',
  priority: 1,
  enabled: true,
  expected_interval_seconds: 1800,
};

/** A batch as {@link pipelineBatch} builds it: every part present. */
export type PipelineBatch = Required<
  Pick<IngestBatchBody, 'source_runs' | 'articles' | 'events' | 'quality_metrics'>
> & { run: IngestRun };

/**
 * A batch as the pipeline posts it to `/api/v1/ingest/batch`, with fresh ids: a finished run,
 * Punch's result in it, `articleCount` articles with one event each, and the run's quality
 * metric. The first event is geocoded to an LGA and passes validation; the others have no
 * location and need review, and the metric counts exactly that.
 */
export function pipelineBatch(articleCount = 2): PipelineBatch {
  const runId = randomUUID();
  const sourceRunId = randomUUID();
  const articleIds = Array.from({ length: articleCount }, () => randomUUID());
  const rate = 100 / articleCount;
  return {
    run: {
      id: runId,
      started_at: '2026-01-28T15:00:00Z',
      finished_at: '2026-01-28T15:01:30Z',
      state: 'succeeded',
      trigger: 'api',
      stages: [
        {
          stage: 'collection',
          state: 'succeeded',
          items: articleCount,
          total: articleCount,
          started_at: '2026-01-28T15:00:00Z',
          finished_at: '2026-01-28T15:00:20Z',
        },
        { stage: 'validation', state: 'succeeded', items: articleCount, total: articleCount },
      ],
    },
    source_runs: [
      {
        id: sourceRunId,
        run_id: runId,
        source_id: PUNCH_SOURCE.id,
        state: 'succeeded',
        started_at: '2026-01-28T15:00:01Z',
        finished_at: '2026-01-28T15:00:04Z',
        duration_ms: 3000,
        entries_seen: 30,
        articles_found: articleCount,
        articles_new: articleCount,
        duplicates: 0,
        too_old: 30 - articleCount,
        error: null,
      },
    ],
    articles: articleIds.map((id, i) => ({
      id,
      source_id: PUNCH_SOURCE.id,
      source_run_id: sourceRunId,
      url: `https://punchng.com/2026/01/28/story-${id}`,
      title: `Bandits attack community in Katsina (${i})`,
      summary: null,
      published_at: '2026-01-28T09:00:00+01:00',
      fetched_at: '2026-01-28T15:00:03Z',
      content_hash: `sha256-${id}`,
    })),
    events: articleIds.map((articleId, i) => ({
      id: randomUUID(),
      article_id: articleId,
      source_id: PUNCH_SOURCE.id,
      run_id: runId,
      event_date: '2026-01-27',
      event_type: 'armed_attack',
      state: 'Katsina',
      lga: i === 0 ? 'Faskari' : null,
      place: null,
      latitude: i === 0 ? 11.7 : null,
      longitude: i === 0 ? 7.0 : null,
      fatalities: 3 + i,
      injuries: null,
      geocoded: i === 0,
      geo_precision: i === 0 ? 'lga' : 'none',
      validation_status: i === 0 ? 'passed' : 'needs_review',
      validation_reasons: i === 0 ? [] : ['no_location'],
      confidence: 0.75,
    })),
    quality_metrics: [
      {
        timestamp: '2026-01-28T15:01:30Z',
        geocoding_attempts: articleCount,
        geocoding_successes: 1,
        geocoding_success_rate: rate,
        validation_attempts: articleCount,
        validation_passes: 1,
        validation_pass_rate: rate,
        metric_type: 'aggregate',
        source: null,
        status: 'warning',
      },
    ],
  };
}

/** Empties every table the ingest API writes, so each test starts from no pipeline data. */
export function truncateIngestTables(database: Database): Promise<void> {
  return database.withSession((s) =>
    s.exec(
      'TRUNCATE ingest_requests, data_quality_metrics, conflict_events, articles, source_runs, run_stages, pipeline_runs, sources CASCADE',
    ),
  );
}
