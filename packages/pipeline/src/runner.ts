import { fileURLToPath } from 'node:url';
import { SeenArticles } from './articles/seen-articles';
import { DEFAULT_SOURCES_FILE, loadSources, type Source } from './config/sources';
import { FeedReplay } from './demo/feed-replay';
import { describeError } from './errors';
import type { Extractor } from './extract/extractor';
import { RuleExtractor } from './extract/rule-extractor';
import type { FeedReader } from './fetch/feed-reader';
import { FileFeedReader } from './fetch/file-feed-reader';
import { HttpFeedReader } from './fetch/http-feed-reader';
import { Geocoder } from './geo/geocoder';
import { IngestClient } from './report/ingest-client';
import { IngestReporter, MemoryReporter } from './report/ingest-reporter';
import { TrailingHour } from './report/quality-metrics';
import {
  runPipeline,
  type EntryTransform,
  type RunOutcome,
  type RunReporter,
} from './run/pipeline-run';
import { dueSources, msUntilNextDue } from './run/schedule';
import { sleep } from './retry-delay';

/** The sample feeds shipped with the package. */
export const SAMPLE_FEEDS_DIR = fileURLToPath(new URL('../feeds', import.meta.url));

/** Options of {@link startPipeline}; the CLI maps its flags onto these. */
export interface RunnerOptions {
  /**
   * `once`: one run over every enabled source. `schedule`: run each source at its own interval,
   * forever. `demo`: replay the sample feeds, one run every `demoIntervalMs`, forever.
   */
  mode: 'once' | 'schedule' | 'demo';
  /** The monitor's base URL. Unset: nothing is sent (a dry run; see `reporter`). */
  monitorUrl?: string | undefined;
  /** Bearer token for the ingest API. */
  token?: string | undefined;
  /** @default the package's sources.json */
  sourcesFile?: string | undefined;
  /** Read `<dir>/<id>.xml` instead of the URLs. Demo default: the shipped sample feeds. */
  feedsDir?: string | undefined;
  /** With `feedsDir`: move the files' dates so the newest item is "now" (implied by `demo`). */
  rebaseDates?: boolean | undefined;
  /** @default 5000 */
  demoIntervalMs?: number | undefined;
  /** Stop after this many runs (tests; `once` is 1). */
  maxRuns?: number | undefined;
  /** How long to wait for the monitor's /api/health at start. @default 120000 */
  healthTimeoutMs?: number | undefined;
  /** Where reports go instead of the ingest API (tests). */
  reporter?: RunReporter | undefined;
  /** @default the rule extractor */
  extractor?: Extractor | undefined;
  /** One line per event worth telling an operator. @default console.log */
  log?: ((line: string) => void) | undefined;
}

/**
 * Runs the pipeline as configured until it is done (`once`, `maxRuns`) or `signal` aborts; an
 * abort lets the current run finish and report. Returns the outcome of every run.
 */
export async function startPipeline(
  options: RunnerOptions,
  signal?: AbortSignal,
): Promise<RunOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sources = loadSources(options.sourcesFile ?? DEFAULT_SOURCES_FILE);
  const enabled = sources.filter((s) => s.enabled);
  const reporter = await connectReporter(options, sources, log, signal);
  const feedsDir = options.feedsDir ?? (options.mode === 'demo' ? SAMPLE_FEEDS_DIR : undefined);
  let replay: FeedReplay | null = null;
  let reader: FeedReader;
  let entryTransform: EntryTransform | undefined;
  if (feedsDir && (options.mode === 'demo' || options.rebaseDates)) {
    replay = await FeedReplay.open(feedsDir, enabled, {
      mode: options.mode === 'demo' ? 'stepped' : 'all',
    });
    reader = replay;
    entryTransform = replay.transform;
  } else {
    reader = feedsDir ? new FileFeedReader(feedsDir) : new HttpFeedReader();
  }
  const deps = {
    reader,
    entryTransform,
    extractor: options.extractor ?? new RuleExtractor(),
    geocoder: new Geocoder(),
    seen: new SeenArticles(),
    trailingHour: new TrailingHour(),
  };
  const trigger =
    options.mode === 'demo' ? 'demo' : options.mode === 'schedule' ? 'schedule' : 'manual';
  const maxRuns = options.mode === 'once' ? 1 : (options.maxRuns ?? Infinity);
  const lastStartMs = new Map<string, number>();
  const outcomes: RunOutcome[] = [];

  while (outcomes.length < maxRuns && !signal?.aborted) {
    const batch: readonly Source[] =
      options.mode === 'schedule' ? dueSources(enabled, lastStartMs, Date.now()) : enabled;
    if (batch.length > 0) {
      for (const source of batch) lastStartMs.set(source.id, Date.now());
      try {
        const outcome = await runPipeline({ sources: batch, trigger }, deps, reporter);
        outcomes.push(outcome);
        log(describeRun(outcome, replay));
      } catch (error) {
        // The report did not reach the monitor; the articles stay unseen, so the next run offers
        // them again. A one-off run has nothing to retry with: it fails.
        log(`[pipeline] run not reported: ${describeError(error)}`);
        if (options.mode === 'once') throw error;
      }
    }
    replay?.advance();
    if (outcomes.length >= maxRuns) break;
    const waitMs =
      options.mode === 'schedule'
        ? Math.min(msUntilNextDue(enabled, lastStartMs, Date.now()) ?? 60_000, 60_000)
        : (options.demoIntervalMs ?? 5000);
    await sleep(waitMs, signal).catch(() => undefined);
  }
  return outcomes;
}

async function connectReporter(
  options: RunnerOptions,
  sources: readonly Source[],
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<RunReporter> {
  if (options.reporter) return options.reporter;
  if (!options.monitorUrl) {
    log('[pipeline] no --monitor given: dry run, nothing is sent');
    return new MemoryReporter();
  }
  const client = new IngestClient({ baseUrl: options.monitorUrl, token: options.token });
  log(`[pipeline] waiting for the monitor at ${options.monitorUrl}`);
  await client.waitUntilHealthy({ timeoutMs: options.healthTimeoutMs ?? 120_000, signal });
  const reply = await client.upsertSources(
    sources.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      url: s.url,
      priority: s.priority,
      enabled: s.enabled,
      expected_interval_seconds: s.expected_interval_seconds,
    })),
    signal,
  );
  log(`[pipeline] ${reply.accepted.sources ?? sources.length} sources registered with the monitor`);
  return new IngestReporter(client);
}

function describeRun(outcome: RunOutcome, replay: FeedReplay | null): string {
  const b = outcome.batch;
  const failed = outcome.sources.filter((s) => s.state === 'failed');
  const quality = b.quality_metrics?.find((q) => q.metric_type === 'aggregate');
  const where = replay?.stepped ? ` (replay pass ${replay.pass}, hour ${replay.hour})` : '';
  return (
    `[pipeline] run ${outcome.run.id.slice(0, 8)} ${outcome.run.state}${where}: ` +
    `${outcome.sources.length} sources, ${b.articles?.length ?? 0} new articles, ${b.events?.length ?? 0} events` +
    (quality && quality.geocoding_attempts > 0
      ? `, geocoded ${quality.geocoding_success_rate}%, passed ${quality.validation_pass_rate}%`
      : '') +
    (failed.length > 0 ? `; failed: ${failed.map((f) => `${f.id} (${f.error})`).join(', ')}` : '')
  );
}
