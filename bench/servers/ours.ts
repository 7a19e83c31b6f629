import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadConfig, migrate, openDatabase, type Database } from '@naija-monitor/server';
import { prepareUpdate } from '@naija-monitor/server';
import { seedPipeline } from '../db/seed-pipeline';
import {
  LISTEN_BACKLOG,
  type BenchServer,
  type BroadcastOutcome,
  type ServerOptions,
  type UpdateStamp,
} from './bench-server';

/** Raised when the real server cannot be run by the bench (yet). */
export class OursUnavailableError extends Error {
  override readonly name = 'OursUnavailableError';
  readonly code = 'OURS_UNAVAILABLE';
}

/** The ingest token the bench's instance of the server accepts. */
export const BENCH_INGEST_TOKEN = 'bench-ingest-token';

type Live = FastifyInstance['live'];
type PreparedUpdate = Parameters<Live['hub']['broadcast']>[0];

/**
 * The bench's settings for the real server: no demo pipeline, no periodic updates unless asked
 * (the bench triggers each broadcast), limits above the bench's load (every load-generator
 * process connects from its own address), quiet logs.
 */
function benchEnvironment(settings: Record<string, string>): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory',
    DEMO: 'false',
    LOG_LEVEL: settings.logLevel ?? 'error',
    BROADCAST_INTERVAL: settings.broadcastIntervalSeconds ?? '3600',
    MAX_CONNECTIONS: settings.maxConnections ?? '25000',
    MAX_CONNECTIONS_PER_IP: '1000000',
    HANDSHAKES_PER_IP_PER_MINUTE: '10000000',
    MAX_HANDSHAKES_PER_SECOND: '1000000',
    CONNECTION_MAX_AGE: String(7 * 86_400),
    INGEST_TOKENS: BENCH_INGEST_TOKEN,
    // Every load-test client comes from loopback: per-address HTTP limits off.
    STATUS_REQUESTS_PER_IP_PER_MINUTE: '10000000',
    SSE_OPENS_PER_IP_PER_MINUTE: '10000000',
    INGEST_REQUESTS_PER_IP_PER_MINUTE: '10000000',
    AUTH_FAILURES_PER_IP_PER_MINUTE: '10000000',
    ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
  };
}

/**
 * The real server (packages/server), built with `buildApp` on a seeded database, with one
 * extra route (`/bench/hello`) for the responsiveness probe. A bench broadcast goes through the
 * real hub: the newest status is serialized and framed once (as the live transport does) under
 * a new seq, then `hub.broadcast` writes it to every client in slices; the loop time is the
 * time until its last slice. Actions: `insert-event` writes one conflict event with SQL, to
 * time a database change to its arrival at the clients.
 */
export async function startOurs(options: ServerOptions): Promise<BenchServer> {
  const config = loadConfig(benchEnvironment(options.settings));
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: 'memory',
    statementTimeoutMs: 60_000,
  });
  await migrate(database);
  await seedPipeline(database, { events: Number(options.settings.events ?? 10_000) });
  const debounceMs = options.settings.debounceMs;
  const app = await buildApp({
    config,
    database,
    ...(debounceMs === undefined ? {} : { live: { debounceMs: Number(debounceMs) } }),
  });
  const live = (app as Partial<FastifyInstance>).live;
  if (!live) {
    await app.close();
    await database.close();
    throw new OursUnavailableError(
      'buildApp does not register the live transport yet (app.live is unset)',
    );
  }
  app.get('/bench/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG });
  const port = (app.server.address() as { port: number }).port;

  /**
   * The newest update again under `seq`, serialized and framed once, like the live transport:
   * as a tick (new computation time, nothing else), or with mode `change` as a typical change
   * (one more event from one source), which v2 clients get as a patch of those fields.
   */
  const nextUpdate = async (update: UpdateStamp, mode?: string): Promise<PreparedUpdate> => {
    const latest = live.hub.latest ?? (await live.currentUpdate());
    const seq = Math.max(update.seq, latest.seq + 1);
    const computed = latest.status.document;
    const ticked = {
      ...computed,
      timestamp: update.timestamp,
      system_health: { ...computed.system_health, data_as_of: update.timestamp },
    };
    const status = {
      ...latest.status,
      seq,
      document: mode === 'change' ? oneMoreEvent(ticked) : ticked,
    };
    // The live transport's own preparation, so v2 patches are computed the same way.
    return prepareUpdate(status, live.monitorHealth(), new Date(update.timestamp), () => 0);
  };

  return {
    port,
    httpServer: app.server,
    connections: () => live.hub.registry.size,
    async broadcast(update: UpdateStamp, mode?: string): Promise<BroadcastOutcome> {
      const prepared = await nextUpdate(update, mode);
      await live.hub.broadcast(prepared);
      return { seq: prepared.seq };
    },
    async action(name: string) {
      if (name !== 'insert-event') throw new Error(`unknown action ${name}`);
      await database.withSession((session) =>
        session.query(
          `INSERT INTO conflict_events (id, source_id, event_date, event_type, state, geocoded, geo_precision, validation_status)
           VALUES ($1, 'source-1', current_date, 'attack', 'Borno', true, 'state', 'passed')`,
          [randomUUID()],
        ),
      );
      return null;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

type StatusDocument = PreparedUpdate['status']['document'];

/** `document` after one more event from its first source: a typical change (issue #17). */
function oneMoreEvent(document: StatusDocument): StatusDocument {
  const health = document.scraping_health;
  return {
    ...document,
    scraping_health: {
      ...health,
      events_extracted: health.events_extracted + 1,
      sources: health.sources?.map((source, i) =>
        i === 0 ? { ...source, events_extracted: source.events_extracted + 1 } : source,
      ),
    },
  };
}
