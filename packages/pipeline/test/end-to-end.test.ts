import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatusDocument } from '@naija-monitor/protocol';
// Test-only: the pipeline itself never imports the server; here we start the real monitor.
import { buildApp, migrate, openDatabase, testConfig, type Database } from '@naija-monitor/server';
import { loadSources } from '../src/config/sources';
import type { RunOutcome } from '../src/run/pipeline-run';
import { SAMPLE_FEEDS_DIR, startPipeline } from '../src/runner';
import { OWN_PROCESS_GROUP, TSX_SOURCE_ARGS } from '../../../testing/process-group';

// The pipeline over the shipped sample feeds into a fresh monitor (real server, port 0, an
// in-memory database), then the monitor's status document must show exactly what the run
// recorded.

let database: Database;
let app: FastifyInstance;
let baseUrl: string;
let outcome: RunOutcome;

async function status(): Promise<StatusDocument> {
  const response = await fetch(`${baseUrl}/api/v1/monitoring/pipeline-status`);
  expect(response.status).toBe(200);
  return (await response.json()) as StatusDocument;
}

async function count(table: string): Promise<number> {
  return database.withSession(async (s) => {
    const rows = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  });
}

const INGEST_TOKEN = 'pipeline-e2e-ingest-token-01';

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory' });
  await migrate(database);
  // Ingest needs a token, loopback included; the pipeline sends it as a Bearer header.
  app = await buildApp({ config: testConfig({ ingestTokens: [INGEST_TOKEN] }), database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const outcomes = await startPipeline({
    mode: 'once',
    monitorUrl: baseUrl,
    token: INGEST_TOKEN,
    feedsDir: SAMPLE_FEEDS_DIR,
    rebaseDates: true,
    log: () => undefined,
  });
  outcome = outcomes[0]!;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('pipeline → monitor, end to end', () => {
  it('stored exactly what the run reported', async () => {
    const b = outcome.batch;
    expect(await count('pipeline_runs')).toBe(1);
    expect(await count('source_runs')).toBe(b.source_runs!.length);
    expect(await count('articles')).toBe(b.articles!.length);
    expect(await count('conflict_events')).toBe(b.events!.length);
    expect(await count('data_quality_metrics')).toBe(b.quality_metrics!.length);
    expect(await count('sources')).toBe(loadSources().length);
  });

  it('ran a realistic pass over the samples: one feed down, the rest read', () => {
    const b = outcome.batch;
    // At the end of the sample timeline the Guardian served a maintenance page (feeds/replay.json).
    expect(outcome.run.state).toBe('partial');
    expect(
      b.source_runs!.filter((s) => s.state === 'failed').map((s) => [s.source_id, s.error]),
    ).toEqual([
      [
        'guardian-ng',
        'FEED_NOT_A_FEED: an HTML page ("Site under maintenance | The Guardian Nigeria") instead of a feed',
      ],
    ]);
    expect(b.articles!.length).toBeGreaterThan(50);
    expect(b.events!.length).toBeGreaterThan(30);
    expect(b.source_runs!.some((s) => s.duplicates > 0)).toBe(true);
    expect(b.source_runs!.some((s) => s.too_old > 0)).toBe(true);
  });

  it('shows the run’s counts in the status document', async () => {
    const b = outcome.batch;
    const aggregate = b.quality_metrics!.find((q) => q.metric_type === 'aggregate')!;
    const enabled = loadSources().filter((s) => s.enabled).length;
    // The document is recomputed on change; wait for the one that includes the run.
    const doc = await vi.waitFor(
      async () => {
        const d = await status();
        expect(d.scraping_health.events_extracted).toBe(b.events!.length);
        return d;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(doc.scraping_health).toMatchObject({
      sources_processed: b.source_runs!.length,
      total_sources: enabled,
      articles_collected: b.articles!.length,
      events_extracted: b.events!.length,
      failed_sources: 1,
    });
    expect(doc.data_quality).toMatchObject({
      basis: 'metrics',
      geocoding_success_rate: aggregate.geocoding_success_rate,
      validation_pass_rate: aggregate.validation_pass_rate,
      geocoding_attempts: aggregate.geocoding_attempts,
      geocoding_successes: aggregate.geocoding_successes,
      validation_attempts: aggregate.validation_attempts,
      validation_passes: aggregate.validation_passes,
      status: aggregate.status,
    });
    const stages = Object.fromEntries(
      doc.pipeline_stages.map((s) => [s.name, [s.state, s.items, s.total]]),
    );
    const reported = Object.fromEntries(
      b.run!.stages!.map((s) => [s.stage, [s.state, s.items, s.total]]),
    );
    expect(stages).toEqual(reported);
    for (const sourceRun of b.source_runs!) {
      const health = doc.scraping_health.sources.find((s) => s.id === sourceRun.source_id)!;
      expect(health.articles_collected, sourceRun.source_id).toBe(sourceRun.articles_new);
      expect(health.events_extracted, sourceRun.source_id).toBe(
        b.events!.filter((e) => e.source_id === sourceRun.source_id).length,
      );
    }
    expect(doc.scraping_health.sources.find((s) => s.id === 'guardian-ng')).toMatchObject({
      state: 'failing',
      last_error: expect.stringContaining('FEED_NOT_A_FEED'),
    });
    expect(doc.last_run).not.toBeNull();
  });

  it('runs from the command line too, and a second pass stores no article twice', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const articlesBefore = await count('articles');
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          [
            ...TSX_SOURCE_ARGS,
            cli,
            '--once',
            '--monitor',
            baseUrl,
            '--feeds-dir',
            SAMPLE_FEEDS_DIR,
            '--rebase-dates',
          ],
          {
            ...OWN_PROCESS_GROUP,
            // The token from the environment, as `npm start` passes it (never in `ps`).
            env: { ...process.env, INGEST_TOKEN },
          },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('close', (exitCode) => resolve({ code: exitCode, output }));
      },
    );
    expect(code, output).toBe(0);
    expect(output).toMatch(/run [0-9a-f]{8} partial: 13 sources, \d+ new articles, \d+ events/);
    expect(await count('pipeline_runs')).toBe(2);
    // Same URLs, same ids: the monitor's store keeps one copy of each article.
    expect(await count('articles')).toBe(articlesBefore);
  }, 60_000);
});
