import { describe, expect, it } from 'vitest';
import type { IngestBatchBody } from '@naija-monitor/protocol';
import { SeenArticles } from '../articles/seen-articles';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { RuleExtractor } from '../extract/rule-extractor';
import type { FeedFetch, FeedReader } from '../fetch/feed-reader';
import { Geocoder } from '../geo/geocoder';
import { MemoryReporter } from '../report/ingest-reporter';
import { TrailingHour } from '../report/quality-metrics';
import { runPipeline, type PipelineDeps, type RunReporter } from './pipeline-run';

const NOW = new Date('2026-03-10T12:00:00Z');

const source = (id: string): Source => ({
  id,
  name: id,
  kind: 'rss',
  url: `https://${id}.example/feed`,
  priority: 1,
  enabled: true,
  expected_interval_seconds: 900,
});

function item(
  title: string,
  link: string | null,
  summary: string,
  pubDate = 'Tue, 10 Mar 2026 09:00:00 +0100',
) {
  return `<item><title>${title}</title>${link ? `<link>${link}</link>` : ''}<pubDate>${pubDate}</pubDate><description>${summary}</description></item>`;
}
const rss = (...items: string[]) =>
  `<rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`;

const ATTACK = item(
  'Gunmen kill 12 villagers in Plateau community',
  'https://alpha.example/gunmen-kill-12',
  'Gunmen on Sunday night attacked a village in Bokkos Local Government Area of Plateau State, killing 12 people.',
);
const BUDGET = item(
  'Senate passes budget',
  'https://alpha.example/budget',
  'The Senate passed the budget on Monday.',
);
const OLD = item(
  'Old feature',
  'https://alpha.example/old',
  'An old story.',
  'Mon, 02 Feb 2026 09:00:00 +0100',
);
const NO_LINK = item('Photos: marathon', null, 'Scenes.');
// The same story under Beta's own URL, with an aggregator's prefix: a content duplicate.
const SYNDICATED = item(
  'Nigeria: Gunmen kill 12 villagers in Plateau community',
  'https://beta.example/stories/1',
  'Gunmen on Sunday night attacked a village in Bokkos Local Government Area of Plateau State, killing 12 people.',
);
const FOREIGN = item(
  'Sudan war: RSF attack on El Fasher camp kills dozens',
  'https://beta.example/sudan',
  'Dozens of people have been killed in an attack by the paramilitary RSF near El Fasher in Sudan.',
);

class MapReader implements FeedReader {
  constructor(readonly feeds: Record<string, string | Error | 'not_modified'>) {}
  async read(s: Source): Promise<FeedFetch> {
    const feed = this.feeds[s.id];
    if (feed === undefined) throw new FetchError('FEED_FILE_MISSING', `no feed for ${s.id}`);
    if (feed instanceof Error) throw feed;
    if (feed === 'not_modified') return { kind: 'not_modified', location: s.url };
    return { kind: 'body', body: feed, location: s.url };
  }
}

function deps(reader: FeedReader, seen = new SeenArticles()): PipelineDeps {
  return {
    reader,
    extractor: new RuleExtractor(),
    geocoder: new Geocoder(),
    seen,
    trailingHour: new TrailingHour(),
    clock: () => NOW,
  };
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const finalBatch = (reporter: MemoryReporter): IngestBatchBody => reporter.batches.at(-1)!;

describe('runPipeline', () => {
  it('counts entries, too-old items, duplicates and new articles per source', async () => {
    const reader = new MapReader({
      alpha: rss(ATTACK, BUDGET, ATTACK, OLD, NO_LINK),
      beta: rss(SYNDICATED, FOREIGN),
    });
    const reporter = new MemoryReporter();
    const outcome = await runPipeline(
      { sources: [source('alpha'), source('beta')], trigger: 'manual' },
      deps(reader),
      reporter,
    );

    const [alpha, beta] = finalBatch(reporter).source_runs!;
    expect(alpha).toMatchObject({
      source_id: 'alpha',
      state: 'succeeded',
      entries_seen: 5,
      too_old: 1,
      articles_found: 3,
      duplicates: 1,
      articles_new: 2,
      error: null,
    });
    expect(beta).toMatchObject({
      state: 'succeeded',
      entries_seen: 2,
      articles_found: 2,
      duplicates: 1,
      articles_new: 1,
    });
    expect(outcome.batch.articles!.map((a) => a.url)).toEqual([
      'https://alpha.example/gunmen-kill-12',
      'https://alpha.example/budget',
      'https://beta.example/sudan',
    ]);
    expect(outcome.run.state).toBe('succeeded');
  });

  it('extracts, geocodes and validates events, and reports stage counts and quality rows', async () => {
    const reader = new MapReader({ alpha: rss(ATTACK, BUDGET), beta: rss(FOREIGN) });
    const reporter = new MemoryReporter();
    const { batch } = await runPipeline(
      { sources: [source('alpha'), source('beta')], trigger: 'manual' },
      deps(reader),
      reporter,
    );

    expect(batch.events).toHaveLength(2);
    const [plateau, sudan] = batch.events!;
    expect(plateau).toMatchObject({
      event_type: 'attack',
      fatalities: 12,
      state: 'Plateau',
      lga: 'Bokkos',
      geo_precision: 'lga',
      geocoded: true,
      validation_status: 'passed',
      validation_reasons: [],
      event_date: '2026-03-08',
      source_id: 'alpha',
    });
    expect(plateau!.article_id).toBe(batch.articles![0]!.id);
    expect(sudan).toMatchObject({
      geocoded: false,
      geo_precision: 'none',
      validation_status: 'rejected',
      validation_reasons: ['outside_nigeria'],
    });

    expect(batch.run!.stages!.map((s) => [s.stage, s.state, s.items, s.total])).toEqual([
      ['collection', 'succeeded', 2, 2],
      ['processing', 'succeeded', 3, 3],
      ['extraction', 'succeeded', 2, 3],
      ['geocoding', 'succeeded', 1, 2],
      ['validation', 'succeeded', 1, 2],
    ]);
    const byType = (t: string) => batch.quality_metrics!.filter((q) => q.metric_type === t);
    expect(byType('aggregate')).toEqual([
      expect.objectContaining({
        geocoding_attempts: 2,
        geocoding_successes: 1,
        geocoding_success_rate: 50,
        validation_passes: 1,
        status: 'warning',
        source: null,
      }),
    ]);
    expect(
      byType('source-specific').map((q) => [q.source, q.geocoding_success_rate, q.status]),
    ).toEqual([
      ['alpha', 100, 'healthy'],
      ['beta', 0, 'error'],
    ]);
    expect(byType('hourly')).toHaveLength(1);
  });

  it('records a failing source with its error and goes on; all failing fails the run', async () => {
    const reader = new MapReader({
      alpha: rss(ATTACK),
      broken: '<rss><channel><item><title>Tinubu & governors</title></item></channel></rss>',
      down: new FetchError('FETCH_TIMEOUT', 'no answer within 15000 ms'),
    });
    const reporter = new MemoryReporter();
    const { run, batch } = await runPipeline(
      { sources: [source('alpha'), source('broken'), source('down')], trigger: 'manual' },
      deps(reader),
      reporter,
    );
    expect(run.state).toBe('partial');
    expect(run.error).toMatch(
      /^2 of 3 sources failed: broken \(FEED_MALFORMED: .*line 1.*\); down \(FETCH_TIMEOUT/,
    );
    const states = Object.fromEntries(
      batch.source_runs!.map((s) => [s.source_id, [s.state, s.error?.split(':')[0]]]),
    );
    expect(states).toEqual({
      alpha: ['succeeded', undefined],
      broken: ['failed', 'FEED_MALFORMED'],
      down: ['failed', 'FETCH_TIMEOUT'],
    });
    expect(batch.run!.stages![0]).toMatchObject({
      stage: 'collection',
      state: 'succeeded',
      items: 1,
      total: 3,
    });

    const allDown = await runPipeline(
      { sources: [source('down')], trigger: 'manual' },
      deps(reader),
      new MemoryReporter(),
    );
    expect(allDown.run.state).toBe('failed');
    expect(allDown.batch.run!.stages![0]).toMatchObject({ state: 'failed', items: 0, total: 1 });
  });

  it("stores a feed's error text cut short and without control characters", async () => {
    // An internal page's title is whatever that page says: escapes, line breaks, kilobytes.
    const title = `Admin\u001b[2J\r\nsecret ${'x'.repeat(5000)}`;
    const reader = new MapReader({
      hostile: `<!doctype html><html><title>${title}</title></html>`,
      long: new FetchError('FETCH_NETWORK', `cannot reach ${'y'.repeat(3000)}\u0007`),
    });
    const { batch, run } = await runPipeline(
      { sources: [source('hostile'), source('long')], trigger: 'manual' },
      deps(reader),
      new MemoryReporter(),
    );
    for (const sourceRun of batch.source_runs!) {
      expect(sourceRun.error!.length).toBeLessThanOrEqual(300);
      expect(sourceRun.error).not.toMatch(CONTROL);
    }
    expect(batch.source_runs![0]!.error).toMatch(
      /^FEED_NOT_A_FEED: an HTML page \("Admin \[2J secret x+/,
    );
    expect(run.error).not.toMatch(CONTROL);
  });

  it('counts the items past the per-feed cap as seen', async () => {
    const items = Array.from({ length: 520 }, (_, i) =>
      item(`Budget item ${i}`, `https://alpha.example/${i}`, 'Nothing to extract.'),
    );
    const { batch } = await runPipeline(
      { sources: [source('alpha')], trigger: 'manual' },
      deps(new MapReader({ alpha: rss(...items) })),
      new MemoryReporter(),
    );
    expect(batch.source_runs![0]).toMatchObject({ entries_seen: 520, articles_new: 500 });
  });

  it('tells "nothing new" (empty) apart from "failed"', async () => {
    const reader = new MapReader({ quiet: rss(), unchanged: 'not_modified', alpha: rss(ATTACK) });
    const seen = new SeenArticles();
    const sources = [source('quiet'), source('unchanged'), source('alpha')];
    await runPipeline({ sources, trigger: 'manual' }, deps(reader, seen), new MemoryReporter());
    const reporter = new MemoryReporter();
    const { run, batch } = await runPipeline(
      { sources, trigger: 'manual' },
      deps(reader, seen),
      reporter,
    );
    expect(batch.source_runs!.map((s) => [s.source_id, s.state, s.duplicates])).toEqual([
      ['quiet', 'empty', 0],
      ['unchanged', 'empty', 0],
      ['alpha', 'empty', 1],
    ]);
    expect(run.state).toBe('succeeded');
    expect(batch.articles).toEqual([]);
    // Nothing was measured: no quality row claims 0 %.
    expect(batch.quality_metrics).toEqual([]);
    expect(batch.run!.stages!.slice(2).map((s) => s.state)).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('reports the run as running first, then everything', async () => {
    const reporter = new MemoryReporter();
    const { run } = await runPipeline(
      {
        sources: [source('alpha')],
        trigger: 'demo',
        runId: '6f1c1e8e-8f43-4c55-9d43-6a2f7c0b3a11',
      },
      deps(new MapReader({ alpha: rss(ATTACK) })),
      reporter,
    );
    expect(reporter.batches).toHaveLength(2);
    expect(reporter.batches[0]).toEqual({
      run: expect.objectContaining({ id: run.id, state: 'running', trigger: 'demo' }),
    });
    expect(reporter.batches[0]!.run!.stages!.every((s) => s.state === 'pending')).toBe(true);
    expect(reporter.batches[1]!.run).toMatchObject({
      id: '6f1c1e8e-8f43-4c55-9d43-6a2f7c0b3a11',
      state: 'succeeded',
    });
  });

  it('gives the same article and event the same ids in every run, so a replayed report is idempotent', async () => {
    const reader = new MapReader({ alpha: rss(ATTACK) });
    const first = await runPipeline(
      { sources: [source('alpha')], trigger: 'manual' },
      deps(reader),
      new MemoryReporter(),
    );
    const second = await runPipeline(
      { sources: [source('alpha')], trigger: 'manual' },
      deps(reader),
      new MemoryReporter(),
    );
    expect(second.batch.articles![0]!.id).toBe(first.batch.articles![0]!.id);
    expect(second.batch.events![0]!.id).toBe(first.batch.events![0]!.id);
    expect(second.run.id).not.toBe(first.run.id);
  });

  it('keeps articles unseen when the report fails, so the next run offers them again', async () => {
    const reader = new MapReader({ alpha: rss(ATTACK) });
    const seen = new SeenArticles();
    const failing: RunReporter = {
      started: async () => undefined,
      finished: async () => {
        throw new Error('monitor down');
      },
    };
    await expect(
      runPipeline({ sources: [source('alpha')], trigger: 'manual' }, deps(reader, seen), failing),
    ).rejects.toThrow('monitor down');
    expect(seen.size).toBe(0);
    const retry = await runPipeline(
      { sources: [source('alpha')], trigger: 'manual' },
      deps(reader, seen),
      new MemoryReporter(),
    );
    expect(retry.batch.articles).toHaveLength(1);
    expect(seen.size).toBe(1);
  });
});
