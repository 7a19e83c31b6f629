import { performance } from 'node:perf_hooks';
import * as server from '@naija-monitor/server';
import type { Database } from '@naija-monitor/server';
import { addEvents, seedBase } from '../db/seed-pipeline';
import { createScratchDatabase } from '../db/scratch-postgres';
import type { StatusComputeRow } from '../results';
import { summarize } from '../stats';

/** Options of {@link runStatusCompute}. */
export interface StatusComputeOptions {
  /** Event counts, ascending; events are added between steps, not re-seeded. */
  sizes: number[];
  postgresUrl: string | null;
  /** Computations timed at each size (after two warm-ups). */
  runs: number;
  log: (line: string) => void;
}

/** The real status engine's entry point. */
type EngineFactory = typeof server.createStatusEngine;

async function measure(
  engine: 'pglite' | 'postgres',
  database: Database,
  options: StatusComputeOptions,
  create: EngineFactory,
): Promise<StatusComputeRow[]> {
  const rows: StatusComputeRow[] = [];
  await server.migrate(database);
  await seedBase(database);
  let seeded = 0;
  for (const size of options.sizes) {
    const began = performance.now();
    await addEvents(database, seeded + 1, size);
    const seedMs = performance.now() - began;
    seeded = size;
    // A fresh engine per size: no state (last good document) carried over.
    const statusEngine = create({ database, nodeId: 'bench' });
    await statusEngine.compute();
    await statusEngine.compute();
    const timings: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const start = performance.now();
      await statusEngine.compute();
      timings.push(performance.now() - start);
    }
    const summary = summarize(timings);
    rows.push({
      engine,
      events: size,
      seedMs,
      computeP50Ms: summary.p50,
      computeP99Ms: summary.p99,
      runs: timings.length,
    });
    options.log(
      `  ${engine} ${size} events: seeded in ${(seedMs / 1000).toFixed(1)} s, compute p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms`,
    );
  }
  return rows;
}

/**
 * Times the real status engine's `compute()` against growing numbers of conflict events, on
 * in-memory PGlite and on a scratch PostgreSQL database (created and dropped here).
 */
export async function runStatusCompute(options: StatusComputeOptions): Promise<StatusComputeRow[]> {
  const create = server.createStatusEngine;
  const rows: StatusComputeRow[] = [];
  const pglite = await server.openDatabase({ dataDir: 'memory' });
  try {
    rows.push(...(await measure('pglite', pglite, options, create)));
  } finally {
    await pglite.close();
  }
  if (options.postgresUrl) {
    const scratch = await createScratchDatabase(options.postgresUrl, 'status');
    const postgres = await server.openDatabase({ url: scratch.url, statementTimeoutMs: 120_000 });
    try {
      rows.push(...(await measure('postgres', postgres, options, create)));
    } finally {
      await postgres.close();
      await scratch.drop();
    }
  }
  return rows;
}
