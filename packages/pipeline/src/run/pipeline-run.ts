import { randomUUID } from 'node:crypto';
import type {
  IngestArticle,
  IngestBatchBody,
  IngestEvent,
  IngestQualityMetric,
  IngestRun,
  IngestSourceRun,
  IngestStage,
  StageName,
} from '@naija-monitor/protocol';
import { canonicalUrl, contentHash, stableUuid } from '../articles/article-identity';
import type { SeenArticles } from '../articles/seen-articles';
import type { Source } from '../config/sources';
import { describeError } from '../errors';
import type { Extraction, Extractor } from '../extract/extractor';
import { lagosDate } from '../extract/event-date';
import type { FeedEntry } from '../fetch/feed-parser';
import { parseFeed } from '../fetch/feed-parser';
import type { FeedReader } from '../fetch/feed-reader';
import type { GeocodeResult, Geocoder } from '../geo/geocoder';
import type { TrailingHour } from '../report/quality-metrics';
import { addCounts, NO_COUNTS, qualityRow, type QualityCounts } from '../report/quality-metrics';
import {
  DEFAULT_VALIDATION_RULES,
  validateEvent,
  type ValidationRules,
} from '../validate/event-validator';
import { storedErrorText } from './stored-text';

/**
 * Rewrites a source's entries before processing; the demo replay uses it to reveal a growing
 * slice of each sample feed and bring its dates to the present.
 */
export type EntryTransform = (
  source: Source,
  entries: FeedEntry[],
  runStartedAt: Date,
) => FeedEntry[];

/** What a run needs; the CLI builds these once and reuses them across runs. */
export interface PipelineDeps {
  reader: FeedReader;
  extractor: Extractor;
  geocoder: Geocoder;
  /** Articles accepted by earlier runs of this process. */
  seen: SeenArticles;
  /** Quality of this process's last hour of runs, for the `hourly` metrics rows. */
  trailingHour: TrailingHour;
  /** @default () => new Date() */
  clock?: () => Date;
  entryTransform?: EntryTransform;
  /**
   * Entries published longer ago than this are counted as too old and skipped.
   * @default 7
   */
  maxArticleAgeDays?: number;
  /**
   * Sources fetched at the same time (per-host politeness is the reader's job).
   * @default 4
   */
  concurrency?: number;
  validationRules?: ValidationRules;
}

/** What to run: which sources, and why. */
export interface RunPlan {
  sources: readonly Source[];
  trigger: IngestRun['trigger'];
  /** @default a random UUID */
  runId?: string;
}

/** Receives a run's reports: once when it starts, once with everything when it ends. */
export interface RunReporter {
  started(batch: IngestBatchBody): Promise<void>;
  finished(batch: IngestBatchBody): Promise<void>;
}

/** What a run did, as reported. */
export interface RunOutcome {
  run: IngestRun;
  /** The full final report (also handed to `RunReporter.finished`). */
  batch: IngestBatchBody;
  /** Per-source lines for a log. */
  sources: Array<{
    id: string;
    state: IngestSourceRun['state'];
    articlesNew: number;
    error: string | null;
  }>;
}

interface CollectedSource {
  source: Source;
  sourceRun: IngestSourceRun;
  articles: IngestArticle[];
}

/**
 * One pass of the pipeline over `plan.sources`: collection (fetch and parse each feed),
 * processing (new articles, deduplicated by URL and content hash), extraction, geocoding and
 * validation, then one report with every count. A failing source is recorded and the run goes
 * on; only the report reaching the monitor commits the articles as seen.
 */
export async function runPipeline(
  plan: RunPlan,
  deps: PipelineDeps,
  reporter: RunReporter,
): Promise<RunOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const runId = plan.runId ?? randomUUID();
  const startedAt = clock();
  const stages = new StageClock(clock);
  const run: IngestRun = {
    id: runId,
    started_at: startedAt.toISOString(),
    state: 'running',
    trigger: plan.trigger,
    stages: stages.all(),
  };
  await reporter.started({ run: { ...run } });

  // --- collection and processing, per source ---
  stages.start('collection', plan.sources.length);
  stages.start('processing', 0);
  const runSeen = new Set<string>();
  const runHashes = new Set<string>();
  const collected = await mapLimited(plan.sources, deps.concurrency ?? 4, (source) =>
    collectSource(source, runId, startedAt, deps, clock, runSeen, runHashes),
  );
  const failed = collected.filter((c) => c.sourceRun.state === 'failed');
  stages.finish(
    'collection',
    plan.sources.length - failed.length,
    failed.length === plan.sources.length && plan.sources.length > 0,
  );
  const articles = collected.flatMap((c) => c.articles);
  stages.setTotal(
    'processing',
    sum(collected, (c) => c.sourceRun.entries_seen),
  );
  stages.finish('processing', articles.length, false);

  // --- extraction ---
  stages.start('extraction', articles.length);
  const extracted: Array<{ article: IngestArticle; extraction: Extraction }> = [];
  for (const article of articles) {
    const extraction = await deps.extractor.extract({
      title: article.title,
      summary: article.summary ?? null,
      publishedAt: article.published_at ? new Date(article.published_at) : null,
      fetchedAt: new Date(article.fetched_at),
    });
    if (extraction.isConflict) extracted.push({ article, extraction });
  }
  stages.finish('extraction', extracted.length, false);

  // --- geocoding ---
  stages.start('geocoding', extracted.length);
  const placed = extracted.map((e) => ({
    ...e,
    geo: deps.geocoder.geocode({
      text: `${e.article.title}. ${e.article.summary ?? ''}`,
      placeHint: e.extraction.placeHint,
    }),
  }));
  stages.finish('geocoding', placed.filter((p) => p.geo.precision !== 'none').length, false);

  // --- validation ---
  stages.start('validation', placed.length);
  const today = lagosDate(clock());
  const events = placed.map(({ article, extraction, geo }) =>
    toEvent(
      article,
      extraction,
      geo,
      runId,
      today,
      deps.validationRules ?? DEFAULT_VALIDATION_RULES,
    ),
  );
  stages.finish('validation', events.filter((e) => e.validation_status === 'passed').length, false);

  // --- report ---
  const finishedAt = clock();
  const qualityMetrics = buildQualityMetrics(events, runId, finishedAt, deps.trailingHour);
  const finalRun: IngestRun = {
    ...run,
    finished_at: finishedAt.toISOString(),
    state:
      failed.length === 0
        ? 'succeeded'
        : failed.length === plan.sources.length
          ? 'failed'
          : 'partial',
    error:
      failed.length === 0
        ? null
        : `${failed.length} of ${plan.sources.length} sources failed: ${failed
            .map((f) => `${f.source.id} (${f.sourceRun.error})`)
            .join('; ')}`.slice(0, 2000),
    stages: stages.all(),
  };
  const batch: IngestBatchBody = {
    run: finalRun,
    source_runs: collected.map((c) => c.sourceRun),
    articles,
    events,
    quality_metrics: qualityMetrics,
  };
  await reporter.finished(batch);
  for (const article of articles) deps.seen.remember(article.url, article.content_hash);
  return {
    run: finalRun,
    batch,
    sources: collected.map((c) => ({
      id: c.source.id,
      state: c.sourceRun.state,
      articlesNew: c.sourceRun.articles_new,
      error: c.sourceRun.error ?? null,
    })),
  };
}

async function collectSource(
  source: Source,
  runId: string,
  runStartedAt: Date,
  deps: PipelineDeps,
  clock: () => Date,
  runUrls: Set<string>,
  runHashes: Set<string>,
): Promise<CollectedSource> {
  const started = clock();
  const startedMs = performance.now();
  const sourceRun: IngestSourceRun = {
    id: stableUuid('source-run', `${runId}/${source.id}`),
    run_id: runId,
    source_id: source.id,
    state: 'running',
    started_at: started.toISOString(),
    entries_seen: 0,
    articles_found: 0,
    articles_new: 0,
    duplicates: 0,
    too_old: 0,
    error: null,
  };
  const articles: IngestArticle[] = [];
  try {
    const fetched = await deps.reader.read(source);
    if (fetched.kind === 'body') {
      const feed = parseFeed(fetched.body);
      const entries = deps.entryTransform
        ? deps.entryTransform(source, feed.entries, runStartedAt)
        : feed.entries;
      const oldest = runStartedAt.getTime() - (deps.maxArticleAgeDays ?? 7) * 86_400_000;
      sourceRun.entries_seen = entries.length + feed.invalidEntries + feed.overflowEntries;
      for (const entry of entries) {
        if (entry.publishedAt && entry.publishedAt.getTime() < oldest) {
          sourceRun.too_old += 1;
          continue;
        }
        sourceRun.articles_found += 1;
        const url = canonicalUrl(entry.url);
        const hash = contentHash(entry.title, entry.summary, entry.edition ?? null);
        if (deps.seen.check(url, hash) !== null || runUrls.has(url) || runHashes.has(hash)) {
          sourceRun.duplicates += 1;
          continue;
        }
        runUrls.add(url);
        runHashes.add(hash);
        sourceRun.articles_new += 1;
        articles.push({
          id: stableUuid('article', url),
          source_id: source.id,
          source_run_id: sourceRun.id,
          url,
          title: entry.title.slice(0, 1000),
          summary: entry.summary?.slice(0, 5000) ?? null,
          published_at: entry.publishedAt?.toISOString() ?? null,
          fetched_at: started.toISOString(),
          content_hash: hash,
        });
      }
    }
    sourceRun.state = sourceRun.articles_new > 0 ? 'succeeded' : 'empty';
  } catch (error) {
    sourceRun.state = 'failed';
    sourceRun.error = storedErrorText(describeError(error));
    articles.length = 0;
    sourceRun.articles_new = 0;
  }
  sourceRun.finished_at = clock().toISOString();
  sourceRun.duration_ms = Math.max(0, Math.round(performance.now() - startedMs));
  return { source, sourceRun, articles };
}

function toEvent(
  article: IngestArticle,
  extraction: Extraction,
  geo: GeocodeResult,
  runId: string,
  today: string,
  rules: ValidationRules,
): IngestEvent {
  const verdict = validateEvent(
    {
      eventType: extraction.eventType,
      eventDate: extraction.eventDate,
      precision: geo.precision,
      foreign: geo.miss === 'foreign',
      latitude: geo.latitude,
      longitude: geo.longitude,
      fatalities: extraction.fatalities,
      injuries: extraction.injuries,
      confidence: extraction.confidence,
    },
    today,
    rules,
  );
  return {
    id: stableUuid('event', article.id),
    article_id: article.id,
    source_id: article.source_id,
    run_id: runId,
    event_date: extraction.eventDate,
    event_type: extraction.eventType ?? 'unknown',
    state: geo.state,
    lga: geo.lga,
    place: geo.place?.slice(0, 200) ?? null,
    latitude: geo.latitude,
    longitude: geo.longitude,
    fatalities: extraction.fatalities,
    injuries: extraction.injuries,
    geocoded: geo.precision !== 'none',
    geo_precision: geo.precision,
    validation_status: verdict.status,
    validation_reasons: verdict.reasons,
    confidence: extraction.confidence,
  };
}

function countsOf(events: readonly IngestEvent[]): QualityCounts {
  return {
    geocodingAttempts: events.length,
    geocodingSuccesses: events.filter((e) => e.geocoded).length,
    validationAttempts: events.length,
    validationPasses: events.filter((e) => e.validation_status === 'passed').length,
  };
}

// One aggregate row for the run, one per source that produced events, and one hourly row for
// the trailing hour of this process's runs. A run (or hour) without events measured nothing:
// it writes no row, since the monitor reads the newest row's rates and "0 %" would be false.
function buildQualityMetrics(
  events: readonly IngestEvent[],
  runId: string,
  at: Date,
  trailingHour: TrailingHour,
): IngestQualityMetric[] {
  const runCounts = countsOf(events);
  const rows: IngestQualityMetric[] = [];
  if (runCounts.geocodingAttempts > 0) {
    rows.push(
      qualityRow(runCounts, 'aggregate', at, null, stableUuid('quality', `${runId}/aggregate`)),
    );
  }
  const bySource = new Map<string, IngestEvent[]>();
  for (const event of events) {
    const list = bySource.get(event.source_id!) ?? [];
    list.push(event);
    bySource.set(event.source_id!, list);
  }
  for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(
      qualityRow(
        countsOf(list),
        'source-specific',
        at,
        source,
        stableUuid('quality', `${runId}/source/${source}`),
      ),
    );
  }
  const hour = trailingHour.add(at, addCounts(NO_COUNTS, runCounts));
  if (hour.geocodingAttempts > 0) {
    rows.push(qualityRow(hour, 'hourly', at, null, stableUuid('quality', `${runId}/hourly`)));
  }
  return rows;
}

// Stage bookkeeping: state, counts and times of the five stages.
class StageClock {
  readonly #clock: () => Date;
  readonly #stages = new Map<StageName, IngestStage>(
    (['collection', 'processing', 'extraction', 'geocoding', 'validation'] as const).map(
      (stage) => [
        stage,
        { stage, state: 'pending', items: 0, total: 0, started_at: null, finished_at: null },
      ],
    ),
  );

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  start(stage: StageName, total: number): void {
    Object.assign(this.#stages.get(stage)!, {
      state: 'running',
      total,
      started_at: this.#clock().toISOString(),
    });
  }

  setTotal(stage: StageName, total: number): void {
    this.#stages.get(stage)!.total = total;
  }

  finish(stage: StageName, items: number, failed: boolean): void {
    const s = this.#stages.get(stage)!;
    s.items = items;
    s.finished_at = this.#clock().toISOString();
    s.state = failed ? 'failed' : s.total === 0 && stage !== 'collection' ? 'skipped' : 'succeeded';
  }

  all(): IngestStage[] {
    return [...this.#stages.values()].map((s) => ({ ...s }));
  }
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
