import { median, quantile, robustSpread } from './statistics';
import type { Signal, SourceRow, SourceRunRow } from './types';

/**
 * Per-source pipeline health: silence against the source's own cadence, consecutive failures,
 * slow fetches, and the share of sources silent in total.
 *
 * Silence is judged against the source's own rhythm by hour of day: from its recent history
 * the detector knows how many runs with new articles to expect in each local hour, sums that
 * over the silent span, and calls the source silent when seeing none is less likely than
 * `alpha` (Poisson: e^-λ < alpha) and the span exceeds `silenceTolerance` configured intervals
 * (the floor). A night without news is expected; a morning without news is not. Until the
 * history holds `minCadenceSamples` productive runs, the configured interval alone decides.
 *
 * A silent source (no new articles for longer than its cadence allows) is told apart by what
 * its runs since the last new article did:
 *   fetch_failing   most runs failed (network, HTTP, timeouts): the feed is unreachable
 *   nothing_parsed  the feed answered with entries but none parsed into articles: a broken parser
 *   not_running     nobody fetched it: the scheduler skips it or the pipeline is down
 *   quiet           the feed was fetched and parsed, nothing was new: a quiet news day
 */

/** What a source's history says about its rhythm. */
export interface SourceCadence {
  /** Runs with new articles per day, by local hour of day (index 0 = 00:00-01:00 Lagos). */
  productivePerHour: number[];
  /** 90th percentile gap between runs that brought new articles (overnight lulls included). */
  productiveGapP90Ms: number | null;
  /** Median gap between fetch attempts. */
  attemptGapMs: number | null;
  /** Median fetch duration, and its robust spread. */
  durationMedianMs: number | null;
  durationSpreadMs: number | null;
  /** Productive gaps the figures above were learned from. */
  samples: number;
}

/** Tuning of {@link detectSourceSignals}. */
export interface SourceHealthOptions {
  /**
   * Floor of the silence threshold, in configured intervals.
   * @default 2
   */
  silenceTolerance?: number;
  /**
   * Chance of a silence this long on a normal day below which the source counts as silent.
   * 1e-4 means about 9 productive runs were expected and none came.
   * @default 1e-4
   */
  alpha?: number;
  /** @default 60 (Africa/Lagos) */
  utcOffsetMinutes?: number;
  /**
   * Gaps needed before the learned cadence is trusted; with fewer only the configured interval counts.
   * @default 5
   */
  minCadenceSamples?: number;
  /**
   * Consecutive failed (or parsed-nothing) runs that raise `source_failing` before silence does.
   * @default 3
   */
  failingAfterRuns?: number;
  /**
   * A fetch is slow above `max(median × slowFactor, median + 4 × spread)` and at least `minSlowDeltaMs` over median.
   * @default 3
   */
  slowFactor?: number;
  /** @default 5000 */
  minSlowDeltaMs?: number;
  /**
   * Share of enabled sources silent (for a reason other than a quiet day) that makes a pipeline-wide signal.
   * @default 0.5
   */
  totalSilentShare?: number;
}

const DEFAULTS: Required<SourceHealthOptions> = {
  silenceTolerance: 2,
  alpha: 1e-4,
  utcOffsetMinutes: 60,
  minCadenceSamples: 5,
  failingAfterRuns: 3,
  slowFactor: 3,
  minSlowDeltaMs: 5000,
  totalSilentShare: 0.5,
};

/** Everything the detector knows about one source. */
export interface SourceHistory {
  source: SourceRow;
  /** Latest runs, newest first (a few dozen are enough). */
  recentRuns: readonly SourceRunRow[];
  /** Start of the newest run that brought new articles, however old. */
  lastProductiveAt: Date | null;
  cadence: SourceCadence;
}

/** Why a source is silent. */
export type SilenceCause = 'fetch_failing' | 'nothing_parsed' | 'not_running' | 'quiet';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const localHour = (time: number, offsetMinutes: number) =>
  Math.floor(((((time + offsetMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);

/** Learns a source's rhythm from its run history (any order), in local hours `offsetMinutes` east of UTC. */
export function learnCadence(runs: readonly SourceRunRow[], offsetMinutes = 60): SourceCadence {
  const sorted = [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const gaps = (list: readonly SourceRunRow[]) =>
    list.slice(1).map((run, index) => run.startedAt.getTime() - list[index]!.startedAt.getTime());
  const productive = sorted.filter((run) => run.articlesNew > 0);
  const productiveGaps = gaps(productive);
  const productivePerHour = new Array<number>(24).fill(0);
  if (sorted.length > 1) {
    const spanDays = Math.max(
      1,
      (sorted[sorted.length - 1]!.startedAt.getTime() - sorted[0]!.startedAt.getTime()) / DAY_MS,
    );
    for (const run of productive)
      productivePerHour[localHour(run.startedAt.getTime(), offsetMinutes)]! += 1 / spanDays;
  }
  const attemptGaps = gaps(sorted);
  const durations = sorted
    .filter((run) => run.state !== 'failed' && run.state !== 'running' && run.durationMs !== null)
    .map((run) => run.durationMs!);
  return {
    productivePerHour,
    productiveGapP90Ms: productiveGaps.length > 0 ? quantile(productiveGaps, 0.9) : null,
    attemptGapMs: attemptGaps.length > 0 ? median(attemptGaps) : null,
    durationMedianMs: durations.length >= 5 ? median(durations) : null,
    durationSpreadMs: durations.length >= 5 ? robustSpread(durations) : null,
    samples: productiveGaps.length,
  };
}

/** Productive runs the history predicts between `from` and `to`, hour slot by hour slot. */
export function expectedProductiveRuns(
  cadence: SourceCadence,
  from: number,
  to: number,
  offsetMinutes = 60,
): number {
  let total = 0;
  for (let t = from; t < to;) {
    const slotEnd = Math.min(
      to,
      (Math.floor((t + offsetMinutes * 60_000) / HOUR_MS) + 1) * HOUR_MS - offsetMinutes * 60_000,
    );
    total += cadence.productivePerHour[localHour(t, offsetMinutes)]! * ((slotEnd - t) / HOUR_MS);
    t = slotEnd;
  }
  return total;
}

/** Time from `from` until the history predicts one productive run (capped at 30 days). */
function expectedWaitMs(cadence: SourceCadence, from: number, offsetMinutes: number): number {
  let total = 0;
  for (let t = from; t < from + 30 * DAY_MS; t += HOUR_MS / 4) {
    total += cadence.productivePerHour[localHour(t, offsetMinutes)]! / 4;
    if (total >= 1) return t + HOUR_MS / 4 - from;
  }
  return 30 * DAY_MS;
}

/**
 * Whether a source quiet since `quietSince` is silent at `now`, and how long the history
 * says a new article should take (reported as `expected`).
 */
export function judgeSilence(
  source: SourceRow,
  cadence: SourceCadence,
  quietSince: Date,
  now: Date,
  options: SourceHealthOptions = {},
): { silent: boolean; expectedGapMs: number; expectedRuns: number | null } {
  const o = { ...DEFAULTS, ...options };
  const configuredMs = source.expectedIntervalSeconds * 1000;
  const silentForMs = now.getTime() - quietSince.getTime();
  if (silentForMs <= configuredMs * o.silenceTolerance)
    return { silent: false, expectedGapMs: configuredMs, expectedRuns: null };
  if (cadence.samples < o.minCadenceSamples)
    return { silent: true, expectedGapMs: configuredMs, expectedRuns: null };
  const expectedRuns = expectedProductiveRuns(
    cadence,
    quietSince.getTime(),
    now.getTime(),
    o.utcOffsetMinutes,
  );
  return {
    silent: Math.exp(-expectedRuns) < o.alpha,
    expectedGapMs: Math.max(
      configuredMs,
      expectedWaitMs(cadence, quietSince.getTime(), o.utcOffsetMinutes),
    ),
    expectedRuns,
  };
}

const isParsedNothing = (run: SourceRunRow) =>
  run.state !== 'failed' &&
  run.state !== 'running' &&
  run.entriesSeen > 0 &&
  run.articlesFound === 0;

/** Classifies what the runs since the last productive one did. */
export function classifySilence(runsSince: readonly SourceRunRow[]): SilenceCause {
  const finished = runsSince.filter((run) => run.state !== 'running');
  if (finished.length === 0) return 'not_running';
  const failed = finished.filter((run) => run.state === 'failed').length;
  if (finished[0]!.state === 'failed' && failed * 2 >= finished.length) return 'fetch_failing';
  const reached = finished.filter((run) => run.state !== 'failed');
  if (reached.filter(isParsedNothing).length * 2 > reached.length) return 'nothing_parsed';
  return 'quiet';
}

const CAUSE_TEXT: Record<SilenceCause, string> = {
  fetch_failing: 'fetches are failing',
  nothing_parsed: 'the feed answers but nothing parses',
  not_running: 'it has not been fetched',
  quiet: 'fetched and parsed, nothing new (quiet news day)',
};

const CAUSE_SEVERITY: Record<SilenceCause, Signal['severity']> = {
  fetch_failing: 'high',
  nothing_parsed: 'high',
  not_running: 'medium',
  quiet: 'low',
};

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

/** Signals of one source, at most one silence/failing signal plus one slow signal. */
function sourceSignals(
  history: SourceHistory,
  now: Date,
  o: Required<SourceHealthOptions>,
): Signal[] {
  const { source, recentRuns, lastProductiveAt, cadence } = history;
  const signals: Signal[] = [];
  const labels = { source: source.id };
  const subject = `source:${source.id}`;
  // A source never productive is measured from when it was added.
  const quietSince = lastProductiveAt ?? source.createdAt;
  const silentForMs = now.getTime() - quietSince.getTime();
  const judgement = judgeSilence(source, cadence, quietSince, now, o);
  const expectedGapMs = judgement.expectedGapMs;

  if (judgement.silent) {
    const runsSince = recentRuns.filter((run) => run.startedAt.getTime() > quietSince.getTime());
    const cause = classifySilence(runsSince);
    const lastError = runsSince.find((run) => run.error)?.error;
    signals.push({
      kind: 'source_silent',
      subject,
      labels: { ...labels, cause },
      severity: CAUSE_SEVERITY[cause],
      // Seconds silent, in whole minutes: the description says "N min" too, and a value that
      // ticked every second would change the document (and its alert) on every computation
      // while nothing happened (issue #17).
      observed: Math.floor(silentForMs / 60_000) * 60,
      expected: Math.round(expectedGapMs / 1000),
      since: quietSince,
      description:
        `${source.name}: no new articles for ${formatDuration(silentForMs)} ` +
        `(usually within ${formatDuration(expectedGapMs)}` +
        (judgement.expectedRuns !== null
          ? `; ${judgement.expectedRuns.toFixed(1)} runs with news expected by now`
          : '') +
        `); ${CAUSE_TEXT[cause]}` +
        (cause === 'fetch_failing' && lastError ? `: ${lastError}` : '') +
        (cause === 'nothing_parsed'
          ? ` (${runsSince.filter(isParsedNothing).length} runs saw entries, parsed none)`
          : ''),
    });
  } else {
    // Before silence kicks in, a run of consecutive broken fetches is already worth saying.
    const finished = recentRuns.filter((run) => run.state !== 'running');
    const streak: SourceRunRow[] = [];
    for (const run of finished) {
      if (run.state === 'failed' || isParsedNothing(run)) streak.push(run);
      else break;
    }
    if (streak.length >= o.failingAfterRuns) {
      const failedCount = streak.filter((run) => run.state === 'failed').length;
      const cause: SilenceCause =
        failedCount * 2 >= streak.length ? 'fetch_failing' : 'nothing_parsed';
      const oldest = streak[streak.length - 1]!;
      signals.push({
        kind: 'source_failing',
        subject,
        labels: { ...labels, cause },
        severity: 'medium',
        observed: streak.length,
        expected: 0,
        since: oldest.startedAt,
        description:
          `${source.name}: the last ${streak.length} fetches ` +
          (cause === 'fetch_failing'
            ? `failed${streak[0]!.error ? ` (${streak[0]!.error})` : ''}`
            : 'saw entries but parsed none'),
      });
    }
  }

  const slow = slowFetch(history, now, o);
  if (slow) signals.push(slow);
  return signals;
}

function slowFetch(
  history: SourceHistory,
  now: Date,
  o: Required<SourceHealthOptions>,
): Signal | null {
  const { source, recentRuns, cadence } = history;
  if (cadence.durationMedianMs === null || cadence.durationSpreadMs === null) return null;
  const latest = recentRuns[0];
  if (!latest || latest.state === 'failed') return null;
  const durationMs =
    latest.state === 'running'
      ? now.getTime() - latest.startedAt.getTime()
      : (latest.durationMs ?? null);
  if (durationMs === null) return null;
  const medianMs = cadence.durationMedianMs;
  const limitMs = Math.max(
    medianMs * o.slowFactor,
    medianMs + 4 * cadence.durationSpreadMs,
    medianMs + o.minSlowDeltaMs,
  );
  if (durationMs <= limitMs) return null;
  return {
    kind: 'source_slow',
    subject: `source:${source.id}`,
    labels: { source: source.id },
    severity: 'low',
    observed: durationMs,
    expected: medianMs,
    since: latest.startedAt,
    description: `${source.name}: fetch ${latest.state === 'running' ? 'running for' : 'took'} ${(durationMs / 1000).toFixed(1)} s, usually ${(medianMs / 1000).toFixed(1)} s`,
  };
}

/**
 * Source signals for every enabled source, plus `sources_silent` when a large share of them
 * is silent for a reason other than a quiet news day.
 */
export function detectSourceSignals(
  histories: readonly SourceHistory[],
  now: Date,
  options: SourceHealthOptions = {},
): Signal[] {
  const o = { ...DEFAULTS, ...options };
  const enabled = histories.filter((history) => history.source.enabled);
  const signals = enabled.flatMap((history) => sourceSignals(history, now, o));
  const broken = signals.filter(
    (signal) =>
      (signal.kind === 'source_silent' && signal.labels.cause !== 'quiet') ||
      signal.kind === 'source_failing',
  );
  const brokenSources = new Set(broken.map((signal) => signal.labels.source));
  const needed = Math.max(1, Math.ceil(enabled.length * o.totalSilentShare));
  if (
    enabled.length > 0 &&
    brokenSources.size >= needed &&
    (brokenSources.size >= 2 || enabled.length === 1)
  ) {
    // The share was crossed when the `needed`-th source broke.
    const since = broken
      .map((signal) => signal.since)
      .filter((time): time is Date => time !== null)
      .sort((a, b) => a.getTime() - b.getTime())[needed - 1];
    signals.push({
      kind: 'sources_silent',
      subject: 'pipeline',
      labels: {},
      severity: 'high',
      observed: enabled.length - brokenSources.size,
      expected: enabled.length,
      since: since ?? null,
      description: `${brokenSources.size} of ${enabled.length} sources are silent or failing: ${[...brokenSources].join(', ')}`,
    });
  }
  return signals;
}
