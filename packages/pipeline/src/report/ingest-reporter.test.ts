import { describe, expect, it } from 'vitest';
import type { IngestArticle, IngestBatchBody, IngestEvent } from '@naija-monitor/protocol';
import type { IngestClient } from './ingest-client';
import { IngestReporter } from './ingest-reporter';

function fakeClient() {
  const calls: Array<{ batch: IngestBatchBody; key: string | undefined }> = [];
  const client = {
    postBatch: async (batch: IngestBatchBody, key?: string) => {
      calls.push({ batch: structuredClone(batch), key });
      return { accepted: {}, duplicates: {} };
    },
  } as unknown as IngestClient;
  return { client, calls };
}

const run = {
  id: 'run-1',
  started_at: '2026-03-10T00:00:00Z',
  finished_at: '2026-03-10T00:01:00Z',
  state: 'succeeded' as const,
  trigger: 'manual' as const,
};

function bigBatch(articles: number, summaryChars: number): IngestBatchBody {
  const list: IngestArticle[] = Array.from({ length: articles }, (_, i) => ({
    id: `a${i}`,
    source_id: 'punch',
    source_run_id: 'sr-1',
    url: `https://punchng.com/${i}`,
    title: `Story ${i}`,
    summary: 'x'.repeat(summaryChars),
    fetched_at: '2026-03-10T00:00:30Z',
    content_hash: `h${i}`,
  }));
  const events: IngestEvent[] = list.slice(0, 3).map((a) => ({
    id: `e-${a.id}`,
    article_id: a.id,
    event_date: '2026-03-09',
    event_type: 'attack',
    geocoded: false,
    geo_precision: 'none',
    validation_status: 'needs_review',
    validation_reasons: ['no_location'],
  }));
  return {
    run,
    source_runs: [
      {
        id: 'sr-1',
        run_id: 'run-1',
        source_id: 'punch',
        state: 'succeeded',
        started_at: run.started_at,
        entries_seen: articles,
        articles_found: articles,
        articles_new: articles,
        duplicates: 0,
        too_old: 0,
      },
    ],
    articles: list,
    events,
    quality_metrics: [],
  };
}

describe('IngestReporter', () => {
  it('sends a run that fits in one request as one batch', async () => {
    const { client, calls } = fakeClient();
    await new IngestReporter(client).finished(bigBatch(5, 100));
    expect(calls.map((c) => c.key)).toEqual(['run-1:finished']);
    expect(calls[0]!.batch.articles).toHaveLength(5);
  });

  it('splits a run too large for one request, articles with their events, final state last', async () => {
    const { client, calls } = fakeClient();
    await new IngestReporter(client).finished(bigBatch(250, 5000));
    expect(calls.map((c) => c.key)).toEqual([
      'run-1:part-0',
      'run-1:part-1',
      'run-1:part-2',
      'run-1:finished',
    ]);
    expect(calls.slice(0, 3).map((c) => c.batch.articles!.length)).toEqual([100, 100, 50]);
    expect(calls[0]!.batch.events!.map((e) => e.article_id)).toEqual(['a0', 'a1', 'a2']);
    expect(
      calls
        .slice(0, 3)
        .every((c) => c.batch.run!.state === 'running' && c.batch.source_runs!.length === 1),
    ).toBe(true);
    expect(calls.every((c) => JSON.stringify(c.batch).length < 1024 * 1024)).toBe(true);
    expect(calls[3]!.batch).toEqual({ run, quality_metrics: [] });
  });
});
