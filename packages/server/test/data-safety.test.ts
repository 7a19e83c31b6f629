import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection';
import { postgresTarget as postgresDatabase } from './support/databases';
import { createScratchPostgres, type ScratchPostgres } from './support/fault-database';
import {
  spawnServer,
  SPAWNED_INGEST_TOKEN,
  type ServerProcess,
} from './support/fault-server-process';
import { pipelineBatch, PUNCH_SOURCE, type PipelineBatch } from './support/ingest-fixtures';

/** Events (and articles) in one {@link batch}. */
const EVENTS_PER_BATCH = 6;
const batch = () => pipelineBatch(EVENTS_PER_BATCH);

/** POSTs JSON with node:http; resolves with the status code as soon as the head arrives. */
function post(
  port: number,
  path: string,
  body: unknown,
  onHead?: (statusCode: number) => void,
): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    const json = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
          authorization: `Bearer ${SPAWNED_INGEST_TOKEN}`,
        },
      },
      (res) => {
        onHead?.(res.statusCode ?? 0);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(json);
  });
}

/** Row counts of one batch, read straight from the database. */
interface Counts {
  runs: number;
  sourceRuns: number;
  articles: number;
  events: number;
}

interface Target {
  name: string;
  skipReason: string | null;
  /** Crash rounds (PGlite's first start runs initdb: slow on a loaded machine, so one). */
  rounds: number;
  /** Server environment for this storage. */
  env(): Record<string, string>;
  /** Counts the rows of each batch (the server must be stopped for PGlite). */
  count(batches: PipelineBatch[]): Promise<Counts[]>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

const COUNT_SQL = `
  SELECT
    (SELECT count(*)::int FROM pipeline_runs WHERE id = $1) AS runs,
    (SELECT count(*)::int FROM source_runs WHERE id = $2) AS "sourceRuns",
    (SELECT count(*)::int FROM articles WHERE source_run_id = $2) AS articles,
    (SELECT count(*)::int FROM conflict_events WHERE run_id = $1) AS events`;

const params = (b: PipelineBatch) => [b.run.id, b.source_runs[0]!.id];

function pgliteTarget(): Target {
  let dataDir = '';
  return {
    name: 'pglite',
    skipReason: null,
    rounds: 1,
    async setup() {
      dataDir = mkdtempSync(join(tmpdir(), 'monitor-data-safety-'));
    },
    async teardown() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    env: () => ({ DATA_DIR: dataDir }),
    async count(batches) {
      const database = await openDatabase({ dataDir });
      try {
        const counts: Counts[] = [];
        for (const b of batches) {
          const rows = await database.withSession((s) => s.query<Counts>(COUNT_SQL, params(b)));
          counts.push(rows[0]!);
        }
        return counts;
      } finally {
        await database.close();
      }
    },
  };
}

function postgresTarget(): Target {
  let scratch: ScratchPostgres | undefined;
  return {
    name: 'postgres',
    skipReason: postgresDatabase.skipReason,
    rounds: 2,
    async setup() {
      scratch = await createScratchPostgres(process.env.DATABASE_URL!, 'monitor_safety');
    },
    async teardown() {
      await scratch?.drop();
    },
    env: () => ({ DATABASE_URL: scratch!.url }),
    async count(batches) {
      const counts: Counts[] = [];
      for (const b of batches)
        counts.push((await scratch!.query<Counts>(COUNT_SQL, params(b)))[0]!);
      return counts;
    },
  };
}

const FULL: Counts = {
  runs: 1,
  sourceRuns: 1,
  articles: EVENTS_PER_BATCH,
  events: EVENTS_PER_BATCH,
};
const NONE: Counts = { runs: 0, sourceRuns: 0, articles: 0, events: 0 };

// One block per storage; a skipped one (reason printed above) runs none of its hooks or tests.
for (const target of [pgliteTarget(), postgresTarget()]) {
  describe.skipIf(target.skipReason !== null)(`data safety on ${target.name}`, () => {
    beforeAll(async () => target.setup(), 60_000);
    afterAll(async () => target.teardown());

    it('every batch acknowledged 2xx survives kill -9 right after the acknowledgement; a failed batch leaves nothing', async () => {
      const acked: PipelineBatch[] = [];
      const unanswered: PipelineBatch[] = [];
      const failed: PipelineBatch[] = [];
      const unexpected: number[] = [];
      const ROUNDS = target.rounds;
      const WRITERS = 4;
      for (let round = 0; round < ROUNDS; round++) {
        const server: ServerProcess = await spawnServer(target.env());
        try {
          expect(
            (await post(server.port, '/api/v1/ingest/sources', { sources: [PUNCH_SOURCE] }))
              .statusCode,
          ).toBe(201);
          // A batch naming an unknown source (on its last event, after rows it could already
          // have written) fails as a whole: 4xx naming the item, no row kept.
          const bad = batch();
          bad.events[EVENTS_PER_BATCH - 1]!.source_id = 'no-such-source';
          const refused = await post(server.port, '/api/v1/ingest/batch', bad);
          expect(refused.statusCode).toBeGreaterThanOrEqual(400);
          expect(refused.statusCode).toBeLessThan(500);
          expect(JSON.parse(refused.body)).toMatchObject({
            field: expect.stringMatching(/events/),
          });
          failed.push(bad);

          // Writers post batches back to back; a few acknowledgements in, the first 2xx after
          // that kills the server on the spot, with other batches in flight.
          let acksThisRound = 0;
          let killed = false;
          const writer = async () => {
            while (!killed) {
              const b = batch();
              try {
                await post(server.port, '/api/v1/ingest/batch', b, (statusCode) => {
                  if (statusCode >= 200 && statusCode < 300 && !killed) {
                    acked.push(b);
                    acksThisRound += 1;
                    if (acksThisRound >= 5 + round * 3) {
                      killed = true;
                      process.kill(server.pid, 'SIGKILL');
                    }
                  } else if (!killed) {
                    unexpected.push(statusCode);
                  }
                });
              } catch {
                // The connection died with the server: the batch may or may not be stored.
                if (!acked.includes(b)) unanswered.push(b);
              }
            }
          };
          await Promise.all(Array.from({ length: WRITERS }, writer));
          expect((await server.exited).signal).toBe('SIGKILL');
          expect(unexpected).toEqual([]);
        } finally {
          await server.stop('SIGKILL');
        }
      }

      // Restart on the crashed storage: it comes up (crash recovery) and serves.
      const restarted = await spawnServer(target.env());
      try {
        const health = await fetch(`http://127.0.0.1:${restarted.port}/api/health`);
        expect(health.status).toBe(200);
        if (target.name === 'postgres') await check();
      } finally {
        expect((await restarted.stop('SIGTERM')).code).toBe(0);
      }
      if (target.name === 'pglite') await check();

      async function check() {
        expect(acked.length).toBeGreaterThanOrEqual(5 * ROUNDS);
        const ackedCounts = await target.count(acked);
        ackedCounts.forEach((counts) => expect(counts).toEqual(FULL));
        // In flight at the crash: all of it or none of it, never part.
        for (const counts of await target.count(unanswered)) {
          expect([FULL, NONE]).toContainEqual(counts);
        }
        for (const counts of await target.count(failed)) expect(counts).toEqual(NONE);
      }
    }, 240_000);
  });
}
