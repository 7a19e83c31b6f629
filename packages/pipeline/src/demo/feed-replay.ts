import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { parseFeed, type FeedEntry } from '../fetch/feed-parser';
import type { FeedFetch, FeedReader } from '../fetch/feed-reader';
import { FileFeedReader } from '../fetch/file-feed-reader';
import type { EntryTransform } from '../run/pipeline-run';

/** A stretch of the sample timeline during which a source's feed served something else. */
export interface Glitch {
  source: string;
  from_hour: number;
  to_hour: number;
  /** File served instead (relative to the feeds directory), or null for no answer at all. */
  file: string | null;
  note?: string;
}

/** `feeds/replay.json`. */
export interface ReplayTimeline {
  span_hours: number;
  glitches: Glitch[];
}

/** Options of {@link FeedReplay.open}. */
export interface FeedReplayOptions {
  /**
   * `all`: every sample item at once, dates moved so the newest is "now", feeds as they were at
   * the timeline's last hour (a one-off run over the samples). `stepped`: the demo; each run advances the sample clock by `stepHours`,
   * reveals the items published by then, applies the glitches, and starts a new pass at the end.
   */
  mode: 'all' | 'stepped';
  /** Sample hours per run in `stepped` mode. @default 1 */
  stepHours?: number;
  /** Distinguishes this process's passes from an earlier process's. @default Date.now() in base 36 */
  passPrefix?: string;
}

const HOUR_MS = 3_600_000;
// A feed lists its newest items only; older ones fall off, as on the real sites.
const FEED_LENGTH = 25;

/**
 * Replays the shipped sample feeds as if they were being published now. It is a `FeedReader`
 * (serving the sample files, or a glitch file while one is active) and provides the
 * `EntryTransform` that hides items not yet "published" and moves dates to the present.
 * Nothing is invented: every item, failure and empty answer comes from the files.
 */
export class FeedReplay implements FeedReader {
  readonly #dir: string;
  readonly #files: FileFeedReader;
  readonly #timeline: ReplayTimeline;
  readonly #mode: FeedReplayOptions['mode'];
  readonly #stepMs: number;
  readonly #passPrefix: string;
  readonly #endMs: number;
  readonly #startMs: number;
  #sampleNowMs: number;
  #pass = 1;

  private constructor(
    dir: string,
    timeline: ReplayTimeline,
    newestMs: number,
    options: FeedReplayOptions,
  ) {
    this.#dir = dir;
    this.#files = new FileFeedReader(dir);
    this.#timeline = timeline;
    this.#mode = options.mode;
    this.#stepMs = (options.stepHours ?? 1) * HOUR_MS;
    this.#passPrefix = options.passPrefix ?? Date.now().toString(36);
    this.#endMs = newestMs;
    this.#startMs = newestMs - timeline.span_hours * HOUR_MS;
    this.#sampleNowMs = options.mode === 'all' ? this.#endMs : this.#startMs;
  }

  /** Reads the timeline and finds the newest sample item among `sources`' feeds. */
  static async open(
    dir: string,
    sources: readonly Source[],
    options: FeedReplayOptions,
  ): Promise<FeedReplay> {
    const timeline = await readTimeline(dir);
    let newestMs = 0;
    for (const source of sources) {
      try {
        const fetched = await new FileFeedReader(dir).read(source);
        if (fetched.kind !== 'body') continue;
        for (const entry of parseFeed(fetched.body).entries) {
          newestMs = Math.max(newestMs, entry.publishedAt?.getTime() ?? 0);
        }
      } catch {
        // A broken sample feed fails in its runs, where it is reported; it just has no dates.
      }
    }
    if (newestMs === 0) newestMs = Date.now();
    return new FeedReplay(dir, timeline, newestMs, options);
  }

  /** Hours into the current pass (for logs). */
  get hour(): number {
    return Math.round((this.#sampleNowMs - this.#startMs) / HOUR_MS);
  }

  /** True in the demo's `stepped` mode, where passes and hours mean something. */
  get stepped(): boolean {
    return this.#mode === 'stepped';
  }

  /** The current pass, from 1. */
  get pass(): number {
    return this.#pass;
  }

  /** Moves the sample clock to the next run; after the newest item, starts a new pass. */
  advance(): void {
    if (this.#mode === 'all') return;
    this.#sampleNowMs += this.#stepMs;
    if (this.#sampleNowMs > this.#endMs) {
      this.#sampleNowMs = this.#startMs;
      this.#pass += 1;
    }
  }

  async read(source: Source): Promise<FeedFetch> {
    // In `all` mode the clock stands at the timeline's last hour, and its glitches apply too.
    const glitch = this.#activeGlitch(source.id);
    if (!glitch) return this.#files.read(source);
    if (glitch.file === null) {
      throw new FetchError(
        'FETCH_TIMEOUT',
        `no answer from ${source.url} (replayed outage: ${glitch.note ?? 'down'})`,
      );
    }
    const path = join(this.#dir, glitch.file);
    return { kind: 'body', body: await readFile(path, 'utf8'), location: path };
  }

  /** Reveals the items published by the sample clock and moves their dates to the present. */
  readonly transform: EntryTransform = (_source, entries, runStartedAt) => {
    const shiftMs = runStartedAt.getTime() - this.#sampleNowMs;
    const edition = this.#mode === 'stepped' ? `${this.#passPrefix}.${this.#pass}` : null;
    return entries
      .filter((e) => e.publishedAt === null || e.publishedAt.getTime() <= this.#sampleNowMs)
      .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0))
      .slice(0, FEED_LENGTH)
      .map((e): FeedEntry => ({
        ...e,
        publishedAt: e.publishedAt ? new Date(e.publishedAt.getTime() + shiftMs) : null,
        // Each pass replays the same stories: a pass tag keeps them apart from the last pass's.
        url: edition ? withQuery(e.url, 'replay', edition) : e.url,
        edition,
      }));
  };

  #activeGlitch(sourceId: string): Glitch | undefined {
    const hour = (this.#sampleNowMs - this.#startMs) / HOUR_MS;
    return this.#timeline.glitches.find(
      (g) => g.source === sourceId && hour >= g.from_hour && hour < g.to_hour,
    );
  }
}

async function readTimeline(dir: string): Promise<ReplayTimeline> {
  try {
    const raw = JSON.parse(
      await readFile(join(dir, 'replay.json'), 'utf8'),
    ) as Partial<ReplayTimeline>;
    return {
      span_hours: typeof raw.span_hours === 'number' && raw.span_hours > 0 ? raw.span_hours : 36,
      glitches: Array.isArray(raw.glitches) ? raw.glitches : [],
    };
  } catch {
    return { span_hours: 36, glitches: [] };
  }
}

function withQuery(url: string, key: string, value: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set(key, value);
    return parsed.toString();
  } catch {
    return url;
  }
}
