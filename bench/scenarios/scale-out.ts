import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase } from '@naija-monitor/server';
import { nowMs, sleep } from '../clock';
import { seedPipeline } from '../db/seed-pipeline';
import { createScratchDatabase } from '../db/scratch-postgres';
import { Fleet } from '../load/fleet';
import type { ScaleOutResult } from '../results';
import { SERVER_SPECS } from '../servers/kinds';
import { startCliServer, type CliServer } from '../servers/cli-cluster';
import { summarize } from '../stats';

/** Options of {@link runScaleOut}. */
export interface ScaleOutOptions {
  processes: number;
  /** Clients over all processes. */
  clients: number;
  writes: number;
  postgresUrl: string;
  redisUrl: string;
  serverCore: number;
  loadCore: number;
  log: (line: string) => void;
}

const INSERT_EVENT = `INSERT INTO conflict_events (id, source_id, event_date, event_type, state, geocoded, geo_precision, validation_status)
  VALUES ($1, 'source-1', current_date, 'attack', 'Borno', true, 'state', 'passed')`;

/**
 * Beyond one process: several real server processes (the CLI, sharing status through Redis
 * with one leader computing it) on the server core, `clients` spread over them, then SQL
 * writes timed to their arrival at every client. Each process has its own port, so each has
 * its own ~28 000 ephemeral client ports; each load-generator process stays under its 20 000
 * open files.
 */
export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const scratch = await createScratchDatabase(options.postgresUrl, 'scale');
  const setup = await openDatabase({ url: scratch.url, statementTimeoutMs: 120_000 });
  await migrate(setup);
  await seedPipeline(setup, { events: 10_000 });
  await setup.close();
  const servers: CliServer[] = [];
  const workers = Math.max(2, Math.ceil(options.clients / 15_000));
  const fleet = Fleet.start({ workers, core: options.loadCore });
  const writer = new pg.Client({ connectionString: scratch.url });
  await writer.connect();
  try {
    for (let i = 0; i < options.processes; i++) {
      servers.push(
        await startCliServer(options.serverCore, {
          DATABASE_URL: scratch.url,
          REDIS_URL: options.redisUrl,
          REDIS_PREFIX: `bench-${process.pid}:`,
          NODE_ID: `bench-${i + 1}`,
        }),
      );
    }
    options.log(
      `  ${servers.length} processes up (ports ${servers.map((s) => s.port).join(', ')})`,
    );
    const baseRss = servers.map((server) => server.rssBytes());
    let opened = 0;
    let failed = 0;
    const errors = new Set<string>();
    const began = nowMs();
    for (const [i, server] of servers.entries()) {
      const share =
        Math.floor(options.clients / servers.length) +
        (i < options.clients % servers.length ? 1 : 0);
      const result = await fleet.connect(
        `ws://127.0.0.1:${server.port}${SERVER_SPECS.ours.livePath}`,
        share,
        'ws',
      );
      opened += result.opened;
      failed += result.failed;
      for (const error of result.errors) errors.add(error);
      options.log(
        `  process ${i + 1}: ${result.opened} clients (${result.failed} failed) at ${result.ratePerSecond.toFixed(0)}/s`,
      );
    }
    const connectMs = nowMs() - began;
    await fleet.awaitSeq(0, 60_000);
    let lastSeq = Math.max(0, ...(await fleet.collect()).seq);
    const latencies: number[] = [];
    let missedWrites = 0;
    let missed = 0;
    for (let i = 0; i < options.writes; i++) {
      const wroteAt = nowMs();
      await writer.query(INSERT_EVENT, [randomUUID()]);
      const waited = await fleet.awaitSeq(lastSeq + 1, 30_000);
      if (waited.behind > 0) missedWrites++;
      const received = await fleet.collect();
      missed += received.missed;
      let first = Infinity;
      let newest = lastSeq;
      for (const seq of received.seq) {
        if (seq > lastSeq) first = Math.min(first, seq);
        newest = Math.max(newest, seq);
      }
      for (let k = 0; k < received.seq.length; k++)
        if (received.seq[k] === first)
          latencies.push((received.receivedAtMs[k] as number) - wroteAt);
      lastSeq = newest;
      await sleep(500);
    }
    const rss = servers.map((server) => server.rssBytes());
    const summary = summarize(latencies);
    const result: ScaleOutResult = {
      processes: servers.length,
      clients: opened,
      failedConnects: failed,
      connectErrors: [...errors],
      connectMs,
      writes: options.writes,
      missedWrites,
      missedSeqs: missed,
      p50Ms: summary.p50,
      p99Ms: summary.p99,
      maxMs: summary.max,
      rssMbPerProcess: rss.map((bytes) => bytes / 1024 / 1024),
      rssKbPerClient:
        (rss.reduce((a, b) => a + b, 0) - baseRss.reduce((a, b) => a + b, 0)) /
        Math.max(1, opened) /
        1024,
    };
    options.log(
      `  ${opened} clients over ${servers.length} processes: change to client p50 ${summary.p50.toFixed(0)} ms, p99 ${summary.p99.toFixed(0)} ms; ` +
        `${missedWrites} writes not delivered to all; RSS ${result.rssMbPerProcess.map((mb) => mb.toFixed(0)).join('/')} MB`,
    );
    return result;
  } finally {
    await fleet.closeAll().catch(() => {});
    await fleet.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await writer.end();
    await scratch.drop();
  }
}
