import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { createStatusEngine } from '../src/status/status-engine';
import {
  describeOnDatabases,
  describeOnPostgres,
  postgresTarget,
  type DatabaseTarget,
} from './support/databases';
import { NOW, computeValid, expectValid, insertKnownRows } from './support/known-status-rows';

// The status engine when its database fails, stalls or hangs: stale data, never a throw.

/** A database handle whose connection can be closed and reopened under the engine's feet. */
async function reopenableDatabase(target: DatabaseTarget): Promise<{
  database: Database;
  closeInner(): Promise<void>;
  reopen(): Promise<void>;
  dispose(): Promise<void>;
}> {
  let open: () => Promise<Database>;
  let cleanup: () => Promise<void>;
  let inner: Database;
  if (target.name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'status-engine-'));
    open = () => openDatabase({ dataDir: dir });
    inner = await open();
    await migrate(inner);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const fresh = await target.open();
    inner = fresh.database;
    open = () => openDatabase({ url: fresh.url });
    cleanup = fresh.dispose;
  }
  let closed = false;
  const database: Database = {
    get kind() {
      return inner.kind;
    },
    get db() {
      return inner.db;
    },
    withSession: (work) => inner.withSession(work),
    listen: (channel, onPayload) => inner.listen(channel, onPayload),
    close: () => inner.close(),
  };
  return {
    database,
    async closeInner() {
      closed = true;
      await inner.close();
    },
    async reopen() {
      inner = await open();
      closed = false;
    },
    async dispose() {
      if (!closed) await inner.close();
      await cleanup();
    },
  };
}

describeOnDatabases('status engine when the database fails, on $name', (target) => {
  it(
    'serves the last good data marked stale when the database is closed, and recovers',
    async () => {
      const handle = await reopenableDatabase(target);
      try {
        await insertKnownRows(handle.database);
        let clock = NOW;
        const engine = createStatusEngine({
          database: handle.database,
          nodeId: 'n',
          now: () => clock,
        });
        const good = await engine.compute();
        expect(good.system_health.stale).toBe(false);
        expect(good.overall_status).toBe('degraded');

        await handle.closeInner();
        clock = new Date(NOW.getTime() + 5000);
        const stale = await engine.compute();
        expectValid(stale);
        expect(stale.timestamp).toBe(clock.toISOString());
        expect(stale.system_health.stale).toBe(true);
        expect(stale.system_health.database.reachable).toBe(false);
        expect(stale.system_health.database.query_ms).toBeNull();
        expect(stale.system_health.database.error).toEqual(expect.any(String));
        expect(stale.system_health.database.error).not.toBe('');
        expect(stale.system_health.data_as_of).toBe(NOW.toISOString());
        expect(stale.overall_status).toBe('degraded');
        expect(stale.status).toBe('degraded');
        // The data is the last good data, unchanged.
        expect(stale.scraping_health).toEqual(good.scraping_health);
        expect(stale.data_quality).toEqual(good.data_quality);
        expect(stale.alerts.at(-1)).toMatchObject({
          id: 'status_database_unreachable',
          severity: 'high',
          since: clock.toISOString(),
        });

        // Still failing: same stale data, the failure keeps its start time.
        clock = new Date(NOW.getTime() + 10_000);
        const stillStale = await engine.compute();
        expect(stillStale.system_health.data_as_of).toBe(NOW.toISOString());
        expect(stillStale.alerts.at(-1)?.since).toBe(new Date(NOW.getTime() + 5000).toISOString());

        await handle.reopen();
        clock = new Date(NOW.getTime() + 15_000);
        const recovered = await engine.compute();
        expectValid(recovered);
        expect(recovered.system_health.stale).toBe(false);
        expect(recovered.system_health.database).toMatchObject({ reachable: true, error: null });
        expect(recovered.system_health.data_as_of).toBe(clock.toISOString());
        expect(recovered.alerts.map((a) => a.id)).not.toContain('status_database_unreachable');
        expect(recovered.scraping_health.events_extracted).toBe(5);
      } finally {
        await handle.dispose();
      }
    },
    // PGlite on disk runs initdb and opens twice: slow on a loaded 2-core machine.
    90_000,
  );

  it('is stale and unknown when the database was never readable', async () => {
    const { database, dispose } = await target.open();
    await dispose();
    const document = await computeValid(database);
    expect(document.overall_status).toBe('unknown');
    expect(document.system_health).toMatchObject({
      stale: true,
      data_as_of: null,
      database: { reachable: false, query_ms: null },
    });
    expect(document.scraping_health.total_sources).toBe(0);
  });
});

describeOnPostgres('status engine through a PostgreSQL outage', (baseUrl) => {
  let handle: { database: Database; url: string | undefined; dispose(): Promise<void> };
  let admin: pg.Client;
  let name: string;

  beforeAll(async () => {
    handle = await postgresTarget.open();
    name = new URL(handle.url!).pathname.slice(1);
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await handle?.dispose();
  });

  it('goes stale while the server refuses connections and recovers on the next call', async () => {
    await insertKnownRows(handle.database);
    const engine = createStatusEngine({ database: handle.database, nodeId: 'n', now: () => NOW });
    expect((await engine.compute()).system_health.stale).toBe(false);

    // A real outage: the server drops every session of this database and refuses new ones.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    const stale = await engine.compute();
    expect(stale.system_health).toMatchObject({ stale: true, database: { reachable: false } });
    expect(stale.overall_status).toBe('degraded');

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const recovered = await engine.compute();
    expect(recovered.system_health).toMatchObject({
      stale: false,
      database: { reachable: true, error: null },
    });
    expect(recovered.scraping_health.events_extracted).toBe(5);
  });

  // Regression: pg-pool leaves a checked-out client without an 'error' listener, so a backend
  // killed mid-query used to surface as an uncaught exception (which vitest reports as a failure).
  it('survives a connection killed in the middle of a query', async () => {
    // Settled into a value at once: the rejection arrives while the test awaits the admin
    // query, and an unobserved rejection at that moment would be reported as unhandled.
    const sleeping = sql`select pg_sleep(5)`.execute(handle.database.db).then(
      () => null,
      (error: unknown) => error,
    );
    await expect
      .poll(async () => {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'select pg_sleep%'",
          [name],
        );
        return rows[0].n;
      })
      .toBe(1);
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'select pg_sleep%'",
      [name],
    );
    expect(await sleeping).toBeInstanceOf(Error);
    // Give the socket's 'end' (the event that used to crash) time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const engine = createStatusEngine({ database: handle.database, nodeId: 'n', now: () => NOW });
    expect((await engine.compute()).system_health.stale).toBe(false);
  });
});

describe('status engine on a database that hangs', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let database: Database | undefined;

  beforeAll(async () => {
    // Accepts connections and never answers: what a wedged database looks like from here.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await database?.close();
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers within its query timeout, stale and unknown', async () => {
    const port = (server.address() as { port: number }).port;
    database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    const started = performance.now();
    const document = await createStatusEngine({
      database,
      nodeId: 'n',
      queryTimeoutMs: 200,
    }).compute();
    const elapsedMs = performance.now() - started;
    expectValid(document);
    expect(document.system_health).toMatchObject({ stale: true, database: { reachable: false } });
    expect(document.system_health.database.error).toMatch(/did not answer within 200 ms/);
    expect(document.overall_status).toBe('unknown');
    // 200 ms for the read plus at most 1 s for the probe; generous for a loaded machine.
    expect(elapsedMs).toBeLessThan(4000);
  });
});
