import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, DatabaseKind, Session } from './database';
import type { Tables } from './tables';
import { PgliteSessionPool } from './pglite-pool';
import { PgListener } from './pg-listener';

export type { Database, DatabaseKind, Session };

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /** PostgreSQL connection string. Unset: embedded PGlite. */
  url?: string | undefined;
  /**
   * PGlite data directory, or `memory` for an in-memory database (tests).
   * @default './data'
   */
  dataDir?: string;
  /**
   * Longest a statement may run before PostgreSQL cancels it.
   * @default 5000
   */
  statementTimeoutMs?: number;
  /**
   * Most connections the pool opens (PostgreSQL only).
   * @default 10
   */
  maxConnections?: number;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** Opens PostgreSQL when `url` is set, PGlite otherwise. Does not migrate. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

/**
 * PostgreSQL memory settings for the embedded database. Its defaults (shared_buffers 128MB,
 * maintenance_work_mem 64MB, ...) are sized for a dedicated server; inside this process they
 * cost about 130 MB of resident memory for a database of a few MB. PGlite reads its files through
 * the OS page cache anyway, so small buffers cost little speed (BENCHMARKS.md, "Footprint").
 */
const PGLITE_MEMORY_SETTINGS = [
  '-c',
  'shared_buffers=16MB',
  '-c',
  'work_mem=2MB',
  '-c',
  'maintenance_work_mem=16MB',
  '-c',
  'temp_buffers=1MB',
  '-c',
  'wal_buffers=1MB',
];

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? './data';
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  // Loaded on demand: a server on PostgreSQL never pays for the WASM build's start-up.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_SETTINGS],
    // Keep `date` as 'YYYY-MM-DD' and count(*) as a number, like the pg setup below.
    parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
  });
  const pool = new PgliteSessionPool(pglite);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    withSession: (work) => pool.withSession(work),
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return (value: string) => value;
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const clientConfig = {
    connectionString: url,
    types: pgTypes(),
    statement_timeout: options.statementTimeoutMs ?? 5000,
    connectionTimeoutMillis: 5000,
    application_name: 'naija-pipeline-monitor',
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.maxConnections ?? 10 });
  // An idle client that loses its connection emits here; without a listener it would crash
  // the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  // pg-pool drops that listener while a client is checked out, so a connection killed mid-query
  // (server restart, pg_terminate_backend) would emit an unhandled 'error'; the query rejects anyway.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<PgListener>();
  return {
    kind: 'postgres',
    db,
    withSession: async (work) => {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <R>(text: string, params: readonly unknown[] = []) =>
            (await client.query(text, [...params])).rows as R[],
        });
      } finally {
        client.release();
      }
    },
    listen: async (channel, onPayload) => {
      // Reconnects by itself after an outage (and reports it as a change); see PgListener.
      const listener = new PgListener(clientConfig, channel, onPayload);
      await listener.start();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((listener) => listener.stop()));
      listeners.clear();
      await db.destroy();
    },
  };
}
