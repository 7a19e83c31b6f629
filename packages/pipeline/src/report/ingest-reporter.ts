import type { IngestBatchBody } from '@naija-monitor/protocol';
import type { RunReporter } from '../run/pipeline-run';
import type { IngestClient } from './ingest-client';

/** Largest batch sent in one request; the monitor refuses bodies over 1 MiB. */
const MAX_BATCH_BYTES = 900_000;

/**
 * Reports runs to the monitor's ingest API: the run as `running` when it starts, then one
 * batch with everything (one transaction on the monitor). A run too large for one request is
 * sent in parts (source runs, articles and their events), the run's final state last, so the
 * monitor never shows a finished run with missing parts. Idempotency keys make retries safe.
 */
export class IngestReporter implements RunReporter {
  readonly #client: IngestClient;

  constructor(client: IngestClient) {
    this.#client = client;
  }

  async started(batch: IngestBatchBody): Promise<void> {
    await this.#client.postBatch(batch, `${batch.run?.id}:started`);
  }

  async finished(batch: IngestBatchBody): Promise<void> {
    const runId = batch.run?.id ?? 'no-run';
    if (JSON.stringify(batch).length <= MAX_BATCH_BYTES) {
      await this.#client.postBatch(batch, `${runId}:finished`);
      return;
    }
    const parts = splitBatch(batch);
    for (const [index, part] of parts.entries()) {
      await this.#client.postBatch(part, `${runId}:part-${index}`);
    }
    await this.#client.postBatch(
      { run: batch.run, quality_metrics: batch.quality_metrics },
      `${runId}:finished`,
    );
  }
}

// Articles with their events, a slice at a time; each part carries the source runs the
// articles point to (upserted by id, so repeating them is harmless).
function splitBatch(batch: IngestBatchBody): IngestBatchBody[] {
  const articles = batch.articles ?? [];
  const events = batch.events ?? [];
  const sourceRuns = batch.source_runs ?? [];
  const perPart = 100;
  const parts: IngestBatchBody[] = [];
  for (let i = 0; i < Math.max(articles.length, 1); i += perPart) {
    const slice = articles.slice(i, i + perPart);
    const ids = new Set(slice.map((a) => a.id));
    parts.push({
      run: batch.run ? { ...batch.run, state: 'running', finished_at: null } : undefined,
      source_runs: sourceRuns,
      articles: slice,
      events: events.filter((e) => e.article_id && ids.has(e.article_id)),
    });
  }
  return parts;
}

/** A reporter that keeps what it is given, for tests and dry runs (`--dry-run`). */
export class MemoryReporter implements RunReporter {
  /** Every batch reported, in order. */
  readonly batches: IngestBatchBody[] = [];

  async started(batch: IngestBatchBody): Promise<void> {
    this.batches.push(structuredClone(batch));
  }

  async finished(batch: IngestBatchBody): Promise<void> {
    this.batches.push(structuredClone(batch));
  }
}
