import type { FastifyBaseLogger as Logger } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import {
  applyMergePatch,
  createMergePatch,
  decodeJson,
  encodeJson,
  jsonEqual,
  type Json,
  type StatusDocument,
} from '@naija-monitor/protocol';

/**
 * Keeps the status documents this node published, compactly, so any moment can be replayed:
 * a full document starts a segment (every `maxSegmentEntries` entries or `maxSegmentAgeMs`),
 * merge patches follow, and a publication that differs from the last stored one only in volatile
 * fields (time stamps, memory, timings, the monitor's own figures) is not stored at all.
 *
 * Off the hot path: {@link record} only keeps the newest publication in one slot and returns;
 * the write happens on a later turn, one at a time. A publication arriving while a write is in
 * flight replaces the waiting one (counted `dropped`); a failed write is logged and counted, and
 * the next publication starts a new segment, so a lost write never leaves a broken chain.
 */

/** One publication as sent to clients. */
export interface Publication {
  seq: number;
  publishedAt: Date;
  /** The document exactly as sent (with `monitor`), as JSON. */
  documentJson: string;
}

/** One row to store; `body` is already encoded. */
export interface HistoryRow {
  publishedAt: Date;
  seq: number;
  overallStatus: string;
  body: Json;
}

/**
 * Where the history is kept: `store/status-history-store.ts` implements it. Declared here so
 * that the arrow points one way (store → history, for the `Json` type).
 */
export interface HistoryStorage {
  insertFull(entry: HistoryRow): Promise<number>;
  insertPatch(segmentId: number, entry: HistoryRow): Promise<void>;
  deleteSegmentsBefore(cutoff: Date, maxRows: number): Promise<number>;
}

/** Options of {@link StatusHistory}. */
export interface StatusHistoryOptions {
  store: HistoryStorage;
  log: Logger;
  /** `STATUS_HISTORY_DAYS`. */
  retentionDays: number;
  /** Where the write counter is registered (the app's `/metrics` registry). */
  registry?: Registry;
  /** Entries per segment before a new full document. @default 100 */
  maxSegmentEntries?: number;
  /** Age of a segment before a new full document. @default 1 hour */
  maxSegmentAgeMs?: number;
  /** Period of the retention sweep. @default 1 hour */
  pruneIntervalMs?: number;
  /** Rows deleted per statement of the sweep. @default 5000 */
  pruneBatchRows?: number;
  /** True while this node should sweep (the node that computes). @default () => true */
  isWriter?: () => boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

type WriteResult = 'stored' | 'deduplicated' | 'failed' | 'dropped';

interface Segment {
  id: number;
  startedAt: number;
  entries: number;
  /** The last stored document, encoded: the base of the next patch. */
  last: Json;
  /** The last stored document without its volatile fields: the dedup key. */
  lastStable: Json;
}

/**
 * The document without what changes on every computation while the pipeline does not: the
 * send and compute times, this process's memory, uptime, node and timings, the monitor's own
 * figures, and each anomaly's evaluation time.
 */
export function stableView(document: StatusDocument): Json {
  const { timestamp: _t, monitor: _m, system_health: health, anomalies, ...rest } = document;
  const {
    memory_rss_bytes: _rss,
    heap_used_bytes: _heap,
    uptime_seconds: _up,
    node_id: _node,
    data_as_of: _asOf,
    database,
    ...healthRest
  } = health;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      anomalies: anomalies.map(({ timestamp: _at, ...anomaly }) => anomaly),
      system_health: { ...healthRest, database: { ...database, query_ms: null } },
    }),
  ) as Json;
}

/** Rebuilds a document from a segment's rows (full first, then patches in order). */
export function rebuildDocument(rows: readonly { kind: string; body: Json }[]): Json {
  const [first, ...patches] = rows;
  if (!first || first.kind !== 'full') {
    throw new Error('status history segment does not start with a full document');
  }
  let encoded = first.body;
  for (const row of patches) encoded = applyMergePatch(encoded, row.body);
  return decodeJson(encoded);
}

export class StatusHistory {
  readonly #options: Required<Omit<StatusHistoryOptions, 'registry'>>;
  readonly #counter: Counter<'result'> | undefined;
  readonly #counts: Record<WriteResult, number> = {
    stored: 0,
    deduplicated: 0,
    failed: 0,
    dropped: 0,
  };
  #segment: Segment | null = null;
  #waiting: Publication | null = null;
  #writing: Promise<void> | null = null;
  #pruneTimer: NodeJS.Timeout | null = null;
  #pruning: Promise<number> | null = null;
  #stopped = false;
  /** Failed writes since the last success (an outage logs once, not every 5 s). */
  #failStreak = 0;

  constructor(options: StatusHistoryOptions) {
    this.#options = {
      maxSegmentEntries: 100,
      maxSegmentAgeMs: 3_600_000,
      pruneIntervalMs: 3_600_000,
      pruneBatchRows: 5000,
      isWriter: () => true,
      now: () => new Date(),
      ...options,
    };
    if (options.registry) {
      this.#counter =
        (options.registry.getSingleMetric('monitor_status_history_writes_total') as
          Counter<'result'> | undefined) ??
        new Counter({
          name: 'monitor_status_history_writes_total',
          help: 'Published status documents by what the history did with them (stored, deduplicated, failed, dropped)',
          labelNames: ['result'],
          registers: [options.registry],
        });
    }
  }

  /** How many publications were stored, deduplicated, failed or dropped since start. */
  get counts(): Readonly<Record<WriteResult, number>> {
    return { ...this.#counts };
  }

  /** Takes one publication; never throws, never waits. */
  record(publication: Publication): void {
    if (this.#stopped) return;
    if (this.#waiting) this.#count('dropped');
    this.#waiting = publication;
    if (!this.#writing) this.#writing = this.#drain();
  }

  /** Resolves once every publication taken so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Starts the periodic retention sweep (first one at once). */
  start(): void {
    if (this.#pruneTimer || this.#stopped) return;
    const sweep = () => {
      if (!this.#options.isWriter() || this.#pruning) return;
      this.#pruning = this.prune()
        .catch((error: unknown) => {
          this.#options.log.warn({ err: error }, 'status history retention sweep failed');
          return 0;
        })
        .finally(() => {
          this.#pruning = null;
        });
    };
    this.#pruneTimer = setInterval(sweep, this.#options.pruneIntervalMs);
    this.#pruneTimer.unref();
    sweep();
  }

  /** Stops the sweep and waits for the writes and sweep in flight. */
  async stop(): Promise<void> {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    this.#pruneTimer = null;
    await this.flush();
    this.#stopped = true;
    await this.#pruning;
  }

  /**
   * Deletes whole segments older than the retention, in batches (at most 100 statements per
   * sweep, so a long backlog is worked off over several sweeps). Returns the rows deleted.
   */
  async prune(): Promise<number> {
    const cutoff = new Date(
      this.#options.now().getTime() - this.#options.retentionDays * 86_400_000,
    );
    let total = 0;
    for (let round = 0; round < 100; round += 1) {
      const deleted = await this.#options.store.deleteSegmentsBefore(
        cutoff,
        this.#options.pruneBatchRows,
      );
      total += deleted;
      if (deleted === 0) break;
    }
    if (total > 0) this.#options.log.info({ rows: total }, 'status history: old segments deleted');
    return total;
  }

  #count(result: WriteResult): void {
    this.#counts[result] += 1;
    this.#counter?.inc({ result });
  }

  async #drain(): Promise<void> {
    // A later turn: the publication's fan-out goes first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#waiting) {
        const publication = this.#waiting;
        this.#waiting = null;
        try {
          const result = await this.#write(publication);
          this.#count(result);
          // After a failure the next write is a full document: `stored` means the database answered.
          if (result === 'stored' && this.#failStreak > 0) {
            this.#options.log.info(
              { failed: this.#failStreak },
              'status history: storing works again',
            );
          }
          if (result === 'stored') this.#failStreak = 0;
        } catch (error) {
          // The chain may now miss this entry: the next write starts a new segment.
          this.#segment = null;
          this.#count('failed');
          if (this.#failStreak === 0) {
            this.#options.log.error(
              { err: error, seq: publication.seq },
              'storing the status document in the history failed (replay will miss these moments); publishing goes on. Further failures are counted in monitor_status_history_writes_total{result="failed"}',
            );
          }
          this.#failStreak += 1;
        }
      }
    } finally {
      this.#writing = null;
    }
  }

  async #write(publication: Publication): Promise<WriteResult> {
    const document = JSON.parse(publication.documentJson) as StatusDocument;
    const stable = stableView(document);
    const segment = this.#segment;
    if (segment && jsonEqual(segment.lastStable, stable)) return 'deduplicated';
    const encoded = encodeJson(document);
    const entry = {
      publishedAt: publication.publishedAt,
      seq: publication.seq,
      overallStatus: document.overall_status,
    };
    const fresh =
      !segment ||
      segment.entries >= this.#options.maxSegmentEntries ||
      publication.publishedAt.getTime() - segment.startedAt >= this.#options.maxSegmentAgeMs;
    if (fresh) {
      const id = await this.#options.store.insertFull({ ...entry, body: encoded });
      this.#segment = {
        id,
        startedAt: publication.publishedAt.getTime(),
        entries: 1,
        last: encoded,
        lastStable: stable,
      };
      return 'stored';
    }
    // Not undefined: the stable views differ, so the documents do too.
    const patch = createMergePatch(segment.last, encoded) ?? {};
    await this.#options.store.insertPatch(segment.id, { ...entry, body: patch });
    segment.entries += 1;
    segment.last = encoded;
    segment.lastStable = stable;
    return 'stored';
  }
}
