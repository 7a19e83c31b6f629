import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { nowMs, sleep } from '../clock';
import { createScratchDatabase } from '../db/scratch-postgres';
import type { Fleet } from '../load/fleet';
import type { ChangeLatencyResult } from '../results';
import { SERVER_SPECS } from '../servers/kinds';
import { launchServer } from '../servers/launch';
import { BENCH_INGEST_TOKEN } from '../servers/ours';
import { summarize } from '../stats';

/** Options of {@link runChangeLatency}. */
export interface ChangeLatencyOptions {
  clients: number;
  writes: number;
  serverCore: number;
  documentJson: string;
  seedEvents: number;
  /** Where to write a CPU profile of the server during each kind of timed write; null: none. */
  profileDir: string | null;
  /** Untimed writes before the timed ones, per kind of write (JIT, first-use caches). */
  warmups: number;
  /** PostgreSQL admin URL for the PostgreSQL runs; null: PGlite only. */
  postgresUrl: string | null;
  /** The live protocols measured in turn: v1 (`ws`) and/or v2 (`ws-v2`, patches). @default ['ws'] */
  dialects?: ('ws' | 'ws-v2')[];
  log: (line: string) => void;
}

/** How a change is written. */
type Via = 'ingest' | 'sql';

/** One conflict event as the ingest API takes it (also the typical change of `bench/v2-bytes.ts`). */
export function ingestEvent() {
  return {
    id: randomUUID(),
    article_id: null,
    source_id: 'source-1',
    run_id: null,
    event_date: new Date().toISOString().slice(0, 10),
    event_type: 'attack',
    state: 'Borno',
    lga: null,
    place: null,
    latitude: null,
    longitude: null,
    fatalities: 1,
    injuries: 0,
    geocoded: true,
    geo_precision: 'state',
    validation_status: 'passed',
    validation_reasons: [],
    confidence: 0.9,
  };
}

const INSERT_EVENT = `INSERT INTO conflict_events (id, source_id, event_date, event_type, state, geocoded, geo_precision, validation_status)
  VALUES ($1, 'source-1', current_date, 'attack', 'Borno', true, 'state', 'passed')`;

/**
 * Change-to-client latency on the real server: `clients` connected, no periodic updates, then
 * one write at a time (through `POST /api/v1/ingest/batch`, or an SQL insert into the
 * database), timed from just before the write until each client has an update with a newer
 * seq. Runs on PGlite (SQL through the server process, where the embedded database lives)
 * and on PostgreSQL (SQL from the bench's own connection, as another writer would).
 */
export async function runChangeLatency(
  fleet: Fleet,
  options: ChangeLatencyOptions,
): Promise<ChangeLatencyResult[]> {
  const results: ChangeLatencyResult[] = [];
  const engines: ('pglite' | 'postgres')[] = options.postgresUrl
    ? ['pglite', 'postgres']
    : ['pglite'];
  const vias: Via[] = ['ingest', 'sql'];
  for (const engine of engines) {
    const scratch =
      engine === 'postgres' && options.postgresUrl
        ? await createScratchDatabase(options.postgresUrl, 'change')
        : null;
    const server = await launchServer('ours', {
      core: options.serverCore,
      documentJson: options.documentJson,
      settings: {
        events: String(options.seedEvents),
        broadcastIntervalSeconds: '3600',
        ...(scratch ? { databaseUrl: scratch.url } : {}),
      },
    });
    const writer = scratch ? new pg.Client({ connectionString: scratch.url }) : null;
    await writer?.connect();
    try {
      const url = server.addresses.map(
        ({ host, port }) => `ws://${host}:${port}${SERVER_SPECS.ours.livePath}`,
      );
      for (const dialect of options.dialects ?? ['ws']) {
        await fleet.connect(url, options.clients, dialect);
        await fleet.awaitSeq(0, 30_000);
        let lastSeq = Math.max(0, ...(await fleet.collect()).seq);
        const protocol = dialect === 'ws-v2' ? ', v2' : '';
        for (const via of vias) {
          const latencies: number[] = [];
          const delays: number[] = [];
          let missedWrites = 0;
          for (let i = 0; i < options.warmups + options.writes; i++) {
            const timed = i >= options.warmups;
            if (options.profileDir && i === options.warmups) await server.profileStart();
            await server.lagStart();
            const wroteAt = nowMs();
            if (via === 'ingest') {
              const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/ingest/batch`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${BENCH_INGEST_TOKEN}`,
                },
                body: JSON.stringify({ events: [ingestEvent()] }),
              });
              if (!response.ok)
                throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            } else if (writer) {
              await writer.query(INSERT_EVENT, [randomUUID()]);
            } else {
              await server.action('insert-event');
            }
            const waited = await fleet.awaitSeq(lastSeq + 1, 10_000);
            if (waited.behind > 0) missedWrites++;
            const lag = await server.lagStop();
            if (timed) delays.push(...lag.delaysMs);
            const received = await fleet.collect();
            // The first update after the write (every client gets the same seq); a later one, if
            // any, is not this write's latency.
            let first = Infinity;
            let newest = lastSeq;
            for (const seq of received.seq) {
              if (seq > lastSeq) first = Math.min(first, seq);
              newest = Math.max(newest, seq);
            }
            for (let k = 0; k < received.seq.length && timed; k++) {
              if (received.seq[k] === first)
                latencies.push((received.receivedAtMs[k] as number) - wroteAt);
            }
            lastSeq = newest;
            // Let the change window close, so the next write is the first after a quiet spell.
            await sleep(200);
          }
          if (options.profileDir) {
            mkdirSync(options.profileDir, { recursive: true });
            const path = join(
              options.profileDir,
              `change-${via}-${engine}${dialect === 'ws-v2' ? '-v2' : ''}.cpuprofile`,
            );
            await server.profileStop(path);
            options.log(`  profile of the timed writes: ${path}`);
          }
          const summary = summarize(latencies);
          const lag = summarize(delays);
          results.push({
            clients: fleet.held,
            via: `${via} (${engine}${protocol})`,
            writes: options.writes,
            p50Ms: summary.p50,
            p99Ms: summary.p99,
            maxMs: summary.max,
            missedWrites,
            lagP99Ms: lag.p99,
            lagMaxMs: lag.max,
          });
          options.log(
            `  ${via} on ${engine}${protocol}, ${fleet.held} clients: p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms, server lag max ${lag.max.toFixed(1)} ms, ${missedWrites} writes not delivered`,
          );
        }
        await fleet.closeAll();
        await fleet.collect();
      }
    } finally {
      await fleet.closeAll();
      await fleet.collect();
      await writer?.end();
      await server.stop();
      await scratch?.drop();
    }
  }
  return results;
}
