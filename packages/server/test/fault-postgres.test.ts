import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import type { StatusUpdate } from '@naija-monitor/protocol';
import { openDatabase, type Database } from '../src/db/connection';
import type { ComputedStatus } from '../src/publish/status-scheduler';
import {
  createScratchPostgres,
  watchUnhandledRejections,
  type ScratchPostgres,
} from './support/fault-database';
import { describeOnPostgres } from './support/databases';
import { FaultProxy } from './support/fault-proxy';
import { TestWsClient } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

/**
 * The real app on a real PostgreSQL, reached through a TCP proxy the test cuts and restores
 * (or a lock the test holds), with real WebSocket clients on loopback.
 */
interface Rig {
  scratch: ScratchPostgres;
  proxy: FaultProxy;
  database: Database;
  server: LiveServer;
  published: ComputedStatus[];
  rejections: ReturnType<typeof watchUnhandledRejections>;
  dispose(): Promise<void>;
}

async function startRig(
  baseUrl: string,
  config: {
    broadcastIntervalMs: number;
    statementTimeoutMs: number;
  },
): Promise<Rig> {
  const rejections = watchUnhandledRejections();
  const scratch = await createScratchPostgres(baseUrl);
  const proxy = await FaultProxy.start(scratch.url);
  const database = await openDatabase({
    url: proxy.url(scratch.url),
    statementTimeoutMs: config.statementTimeoutMs,
  });
  const server = await startLiveServer({ database, config });
  const published: ComputedStatus[] = [];
  server.live.scheduler.onUpdate((status) => published.push(status));
  return {
    scratch,
    proxy,
    database,
    server,
    published,
    rejections,
    async dispose() {
      await server.close();
      await database.close();
      await proxy.close();
      await scratch.drop();
    },
  };
}

const addSource = (scratch: ScratchPostgres, id: string) =>
  scratch.query('INSERT INTO sources (id, name, url) VALUES ($1, $2, $3)', [
    id,
    id,
    `https://${id}.example.ng/feed`,
  ]);

describeOnPostgres('PostgreSQL unreachable mid-stream (TCP proxy cut)', (baseUrl) => {
  const INTERVAL_MS = 400;
  let rig: Rig;
  let clients: TestWsClient[] = [];
  beforeAll(async () => {
    rig = await startRig(baseUrl, { broadcastIntervalMs: INTERVAL_MS, statementTimeoutMs: 2000 });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await rig?.dispose();
  });

  it('keeps clients connected, says the database is down and how old the data is, and recovers by itself', async () => {
    clients = await Promise.all([0, 1, 2].map(() => TestWsClient.open(rig.server.wsUrl())));
    const [watcher] = clients as [TestWsClient];
    await addSource(rig.scratch, 'punch');
    const good = await watcher.waitFor(
      () => watcher.updates().find((u) => u.data.scraping_health.total_sources === 1),
      10_000,
      'an update with the new source',
    );
    expect(good.data.system_health).toMatchObject({ stale: false, database: { reachable: true } });

    // Outage: every connection to PostgreSQL is reset, new ones are dropped.
    const cutAt = performance.now();
    rig.proxy.cut();
    const down = await watcher.waitFor(
      () =>
        watcher
          .updates()
          .find((u) => u.at > cutAt && u.data.system_health.database.reachable === false),
      10_000,
      'an update saying the database is unreachable',
    );
    expect(down.data.system_health.stale).toBe(true);
    expect(down.data.system_health.database.error).toEqual(expect.any(String));
    // data_as_of: when the data shown was last read, before the cut; the data is the last good data.
    const dataAsOf = Date.parse(down.data.system_health.data_as_of!);
    expect(dataAsOf).toBeLessThanOrEqual(Date.parse(down.timestamp));
    expect(dataAsOf).toBeGreaterThanOrEqual(Date.parse(good.data.system_health.data_as_of!));
    expect(down.data.scraping_health.total_sources).toBe(1);
    expect(down.data.alerts.map((a) => a.id)).toContain('status_database_unreachable');
    // Never 'healthy' on old data.
    expect(down.data.overall_status).not.toBe('healthy');

    // The outage lasts a few updates, all stale.
    const outageStart = watcher.updates().length;
    await expect
      .poll(() => watcher.updates().length - outageStart, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    const duringOutage = watcher.updates().slice(outageStart);
    expect(duringOutage.length).toBeGreaterThanOrEqual(3);
    for (const update of duringOutage) {
      expect(update.data.system_health).toMatchObject({
        stale: true,
        database: { reachable: false },
      });
    }
    for (const client of clients) expect(client.ws.readyState).toBe(client.ws.OPEN);

    // A write during the outage (directly, not through the proxy) is seen after recovery.
    await addSource(rig.scratch, 'vanguard');
    const restoredAt = performance.now();
    rig.proxy.restore();
    const back = await watcher.waitFor(
      () =>
        watcher.updates().find((u) => u.at > restoredAt && u.data.system_health.stale === false),
      10_000,
      'a fresh update after the database came back',
    );
    // By itself, within a few updates of the restore (a count, not a time: a loaded machine
    // stretches the intervals, not their number).
    const afterRestore = watcher.updates().filter((u) => u.at > restoredAt);
    expect(afterRestore.indexOf(back)).toBeLessThanOrEqual(4);
    expect(back.data.system_health.database).toMatchObject({ reachable: true, error: null });
    expect(back.data.scraping_health.total_sources).toBe(2);
    expect(back.data.alerts.map((a) => a.id)).not.toContain('status_database_unreachable');

    // Every client saw the whole story on the same connection.
    for (const client of clients) {
      expect(client.ws.readyState).toBe(client.ws.OPEN);
      const seqs = client.updates().map((u: StatusUpdate) => u.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(client.updates().some((u) => u.data.system_health.stale)).toBe(true);
    }
    expect(rig.rejections.stop()).toEqual([]);
  }, 60_000);
});

describeOnPostgres('change notifications after an outage (LISTEN reconnects)', (baseUrl) => {
  let rig: Rig;
  let client: TestWsClient | undefined;
  beforeAll(async () => {
    // A long interval: an update that arrives soon can only come from a change notification.
    rig = await startRig(baseUrl, { broadcastIntervalMs: 60_000, statementTimeoutMs: 2000 });
  });
  afterEach(() => client?.close());
  afterAll(async () => rig?.dispose());

  const listening = async () => {
    const rows = await rig.scratch.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    return rows[0]!.n;
  };

  it('listens again once the database is back, so a change still pushes an update at once', async () => {
    client = await TestWsClient.open(rig.server.wsUrl());
    await client.waitForUpdates(1, 10_000);
    await expect.poll(listening, { timeout: 5000 }).toBe(1);

    rig.proxy.cut();
    await expect.poll(listening, { timeout: 5000 }).toBe(0);
    // The listener keeps trying while the proxy refuses.
    const acceptedAtCut = rig.proxy.accepted;
    await expect
      .poll(() => rig.proxy.accepted, { timeout: 10_000 })
      .toBeGreaterThan(acceptedAtCut + 1);
    // Missed while disconnected: the listener reports its reconnection as a change.
    await addSource(rig.scratch, 'premium-times');
    rig.proxy.restore();
    await expect.poll(listening, { timeout: 10_000 }).toBe(1);
    const caughtUp = await client.waitFor(
      () => client!.updates().find((u) => u.data.scraping_health.total_sources === 1),
      10_000,
      'the update with the change made during the outage',
    );
    // Pushed by the reconnection, not by the 60 s interval.
    const triggerOf = (seq: number) => rig.published.find((s) => s.seq === seq)?.trigger;
    expect(triggerOf(caughtUp.seq)).toBe('change');

    // And a change after recovery is pushed by its notification, far ahead of the interval.
    await addSource(rig.scratch, 'daily-trust');
    const pushed = await client.waitFor(
      () => client!.updates().find((u) => u.data.scraping_health.total_sources === 2),
      5000,
      'the update pushed by the change after recovery',
    );
    expect(triggerOf(pushed.seq)).toBe('change');
    expect(rig.rejections.stop()).toEqual([]);
  }, 60_000);
});

describeOnPostgres('a status query that hangs (table locked)', (baseUrl) => {
  const INTERVAL_MS = 500;
  // Above the status engine's default deadline (5 s): the server must use STATEMENT_TIMEOUT.
  const STATEMENT_TIMEOUT_MS = 6000;
  let rig: Rig;
  let locker: pg.Client | undefined;
  let client: TestWsClient | undefined;
  beforeAll(async () => {
    rig = await startRig(baseUrl, {
      broadcastIntervalMs: INTERVAL_MS,
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    client?.close();
    await locker?.query('ROLLBACK').catch(() => {});
    await locker?.end().catch(() => {});
    await rig?.dispose();
  });

  it('is cancelled by the statement timeout; updates keep coming, the last good data marked stale', async () => {
    await addSource(rig.scratch, 'punch');
    client = await TestWsClient.open(rig.server.wsUrl());
    const watcher = client;
    const good = await watcher.waitFor(
      () => watcher.updates().find((u) => u.data.scraping_health.total_sources === 1),
      10_000,
      'a first good update',
    );

    // Another session holds an exclusive lock: every read of `sources` waits behind it.
    locker = new pg.Client({ connectionString: rig.scratch.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE sources IN ACCESS EXCLUSIVE MODE');
    const lockedFrom = watcher.updates().length;
    const timedOut = (u: StatusUpdate) =>
      /statement timeout/i.test(u.data.system_health.database.error ?? '');
    // The lock is held until PostgreSQL has cancelled the hung read at least once.
    await expect
      .poll(() => watcher.updates().slice(lockedFrom).some(timedOut), {
        timeout: STATEMENT_TIMEOUT_MS * 4,
      })
      .toBe(true);
    await locker.query('ROLLBACK');
    const releasedAt = performance.now();
    const during = watcher
      .updates()
      .slice(lockedFrom)
      .filter((u) => u.at < releasedAt);

    // Updates kept coming while the read hung: before PostgreSQL cancelled it, the scheduler
    // repeated the last good data marked stale (without that, nothing for the whole timeout).
    const whileHung = during.slice(0, during.findIndex(timedOut));
    const stale = during.filter((u) => u.data.system_health.stale);
    expect(whileHung.filter((u) => u.data.system_health.stale).length).toBeGreaterThanOrEqual(3);
    for (const update of stale) {
      expect(update.data.scraping_health).toEqual(good.data.scraping_health);
      expect(update.data.system_health.data_as_of).not.toBeNull();
      expect(Date.parse(update.data.system_health.data_as_of!)).toBeLessThanOrEqual(
        Date.parse(update.timestamp) + 1,
      );
    }
    // The hung query itself was bounded: PostgreSQL cancelled it.
    expect(during.some(timedOut)).toBe(true);
    // The database itself answered all along (only that table was locked).
    expect(during.every((u) => u.data.system_health.database.reachable)).toBe(true);

    const fresh = await watcher.waitFor(
      () => watcher.updates().find((u) => u.at > releasedAt && !u.data.system_health.stale),
      STATEMENT_TIMEOUT_MS + 5000,
      'a fresh update once the lock is gone',
    );
    expect(fresh.data.system_health.database.error).toBeNull();
    expect(rig.rejections.stop()).toEqual([]);
  }, 60_000);
});
