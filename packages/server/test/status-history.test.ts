import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { PATHS, type StatusDocument, type StatusHistoryPage } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import type { Database } from '../src/db/connection';
import { StatusHistory } from '../src/history/status-history';
import Fastify from 'fastify';
import { installErrorHandler } from '../src/http/error-handler';
import { registerHistoryRoutes, replayAt } from '../src/http/history-routes';
import { registerSecurity } from '../src/access/security';
import { testConfig } from '../src/config';
import { StatusHistoryStore, type NewEntry } from '../src/store/status-history-store';
import { describeOnDatabases } from './support/databases';
import { startLiveServer, type LiveServer } from './support/live-server';

const log = pino({ level: 'silent' });
const HISTORY = `${PATHS.status}/history`;

/** A store whose writes fail while `failing` is set (a database outage, for the recorder). */
class FlakyStore extends StatusHistoryStore {
  failing = false;
  override async insertPatch(segmentId: number, entry: NewEntry): Promise<void> {
    if (this.failing) throw new Error('connection lost');
    return super.insertPatch(segmentId, entry);
  }
}

async function rowCount(database: Database): Promise<number> {
  const rows = await database.withSession((s) =>
    s.query<{ n: number }>('SELECT count(*)::int AS n FROM status_history'),
  );
  return Number(rows[0]!.n);
}

describeOnDatabases('status history on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let server: LiveServer;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    // No periodic tick: every publication in these tests is one the test asked for.
    server = await startLiveServer({ database, config: { broadcastIntervalMs: 3_600_000 } });
  });
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });
  beforeEach(async () => {
    await server.live.history.flush();
    await database.withSession((s) => s.exec('DELETE FROM status_history'));
  });

  /** One real computation and publication; returns the document exactly as sent. */
  async function publish(): Promise<{ seq: number; document: StatusDocument }> {
    server.live.scheduler.notifyChange();
    const status = await server.live.scheduler.fresh();
    const update = server.live.hub.latest!;
    expect(update.seq).toBe(status.seq);
    await server.live.history.flush();
    return { seq: status.seq, document: JSON.parse(update.documentJson) as StatusDocument };
  }

  async function history(query = ''): Promise<StatusHistoryPage> {
    const response = await fetch(server.httpUrl(`${HISTORY}${query}`));
    expect(response.status).toBe(200);
    return (await response.json()) as StatusHistoryPage;
  }

  it('replays every stored publication exactly as it was sent, and stores no unchanged one', async () => {
    const sent = new Map<number, StatusDocument>();
    const keep = (p: { seq: number; document: StatusDocument }) => sent.set(p.seq, p.document);
    keep(await publish());
    const sql = (text: string) => database.withSession((s) => s.exec(text));
    await sql(
      "INSERT INTO sources (id, name, url) VALUES ('punch', 'Punch', 'https://punch.example/rss')",
    );
    keep(await publish());
    const before = server.live.history.counts;
    // Nothing changed but the clock: no new row.
    await publish();
    await publish();
    expect(server.live.history.counts.deduplicated).toBe(before.deduplicated + 2);
    await sql(`
        INSERT INTO sources (id, name, url) VALUES ('daily-trust', 'Daily Trust', 'https://dt.example/rss');
        INSERT INTO pipeline_runs (id, state, finished_at, error)
          VALUES ('2b1f4c1e-5d5c-4f59-9d59-1c1f0f3b9a01', 'failed', now(), 'feed timed out');
        INSERT INTO source_runs (run_id, source_id, state, finished_at, error)
          VALUES ('2b1f4c1e-5d5c-4f59-9d59-1c1f0f3b9a01', 'punch', 'failed', now(), 'HTTP 503');`);
    keep(await publish());
    // Back to a null error: RFC 7386 alone could not say "set to null".
    await sql("UPDATE source_runs SET state = 'succeeded', error = NULL");
    keep(await publish());
    await sql("UPDATE sources SET enabled = false WHERE id = 'punch'");
    keep(await publish());

    const page = await history();
    expect(page.items.map((item) => item.seq)).toEqual([...sent.keys()]);
    expect(page.next_cursor).toBeNull();
    expect(await rowCount(database)).toBe(sent.size);
    for (const item of page.items) {
      const response = await fetch(server.httpUrl(`${PATHS.status}?at=${item.at}`));
      expect(response.status).toBe(200);
      expect(response.headers.get('x-status-replay')).toBe(item.at);
      expect(await response.json()).toEqual(sent.get(item.seq));
      expect(item.overall_status).toBe(sent.get(item.seq)!.overall_status);
    }
    // Between two publications: the older one.
    const [first, second] = page.items;
    const between = new Date(Date.parse(second!.at) - 1).toISOString();
    const replayed = await fetch(server.httpUrl(`${PATHS.status}?at=${between}`));
    expect(Date.parse(first!.at)).toBeLessThanOrEqual(Date.parse(between));
    expect(await replayed.json()).toEqual(
      sent.get(Date.parse(first!.at) <= Date.parse(between) ? first!.seq : second!.seq),
    );
  });

  it('answers 404 before the first publication and 400 for bad input', async () => {
    const early = await fetch(server.httpUrl(`${PATHS.status}?at=2000-01-01T00:00:00Z`));
    expect(early.status).toBe(404);
    expect(await early.json()).toMatchObject({ error: 'NOT_FOUND' });
    const badAt = await fetch(server.httpUrl(`${PATHS.status}?at=yesterday`));
    expect(badAt.status).toBe(400);
    expect(await badAt.json()).toMatchObject({ field: expect.stringContaining('at') });
    const badCursor = await fetch(server.httpUrl(`${HISTORY}?cursor=abc`));
    expect(badCursor.status).toBe(400);
    expect(await badCursor.json()).toMatchObject({ field: 'querystring.cursor' });
    const badLimit = await fetch(server.httpUrl(`${HISTORY}?limit=5000`));
    expect(badLimit.status).toBe(400);
    const reversed = await fetch(
      server.httpUrl(`${HISTORY}?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`),
    );
    expect(reversed.status).toBe(400);
    expect(await reversed.json()).toMatchObject({ field: 'querystring.from' });
  });

  it('pages through the history with next_cursor', async () => {
    const store = new StatusHistoryStore(database.db);
    const start = Date.parse('2026-03-01T00:00:00Z');
    const recorder = new StatusHistory({ store, log, retentionDays: 7, maxSegmentEntries: 2 });
    for (let i = 0; i < 5; i += 1) {
      const at = new Date(start + i * 60_000);
      const document = sampleStatusDocument({ at, overrides: { last_run: at.toISOString() } });
      recorder.record({ seq: i, publishedAt: at, documentJson: JSON.stringify(document) });
      await recorder.flush();
    }
    const window = `from=2026-03-01T00:00:00Z&to=2026-03-01T01:00:00Z`;
    const seqs: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: StatusHistoryPage = await history(
        `?${window}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seqs.push(...page.items.map((item) => item.seq));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    expect(pages).toBe(3);
  });

  it('retention deletes whole old segments; newer ones still reconstruct', async () => {
    const store = new StatusHistoryStore(database.db);
    const day = 86_400_000;
    const now = Date.parse('2026-03-20T12:00:00Z');
    const recorder = new StatusHistory({
      store,
      log,
      retentionDays: 7,
      maxSegmentEntries: 3,
      now: () => new Date(now),
    });
    const documents: { at: Date; document: StatusDocument }[] = [];
    // 9 publications, one every 12 h from 10 days ago, in segments of 3:
    // [10 d, 9.5 d, 9 d], [8.5 d, 8 d, 7.5 d] (both wholly older than 7 d), [7 d - 1 s, 6.5 d, 6 d].
    for (let i = 0; i < 9; i += 1) {
      const at = new Date(now - 10 * day + i * (day / 2) + 1000);
      const document = sampleStatusDocument({ at, overrides: { last_run: at.toISOString() } });
      documents.push({ at, document });
      recorder.record({ seq: i, publishedAt: at, documentJson: JSON.stringify(document) });
      await recorder.flush();
    }
    expect(await rowCount(database)).toBe(9);
    const deleted = await recorder.prune();
    const left = await history(`?from=2026-03-01T00:00:00Z&to=2026-03-21T00:00:00Z`);
    expect(deleted).toBe(6);
    expect(left.items.map((item) => item.seq)).toEqual([6, 7, 8]);
    for (const { at, document } of documents.slice(6)) {
      expect((await replayAt(store, at))?.document).toEqual(document);
    }
    expect(await replayAt(store, documents[5]!.at)).toBeNull();
    // A segment that reaches past the cutoff is kept whole, its old full document too.
    const spanning = new StatusHistory({
      store,
      log,
      retentionDays: 7,
      maxSegmentEntries: 100,
      maxSegmentAgeMs: 30 * day,
      now: () => new Date(now),
    });
    const old = new Date(now - 8 * day);
    const recent = new Date(now - 1 * day);
    for (const [seq, at] of [
      [20, old],
      [21, recent],
    ] as const) {
      const document = sampleStatusDocument({ at, overrides: { last_run: at.toISOString() } });
      spanning.record({ seq, publishedAt: at, documentJson: JSON.stringify(document) });
      await spanning.flush();
    }
    expect(await spanning.prune()).toBe(0);
    expect((await replayAt(store, recent))?.document).toMatchObject({
      last_run: recent.toISOString(),
    });
  });

  it('a failed write is counted and the next write starts a new segment', async () => {
    const store = new FlakyStore(database.db);
    const recorder = new StatusHistory({ store, log, retentionDays: 7 });
    const at = (i: number) => new Date(Date.parse('2026-04-01T00:00:00Z') + i * 5000);
    const docs = [0, 1, 2].map((i) =>
      sampleStatusDocument({ at: at(i), overrides: { last_run: at(i).toISOString() } }),
    );
    const put = async (i: number) => {
      recorder.record({ seq: i, publishedAt: at(i), documentJson: JSON.stringify(docs[i]) });
      await recorder.flush();
    };
    await put(0);
    store.failing = true;
    await put(1);
    store.failing = false;
    await put(2);
    expect(recorder.counts).toMatchObject({ stored: 2, failed: 1 });
    expect((await replayAt(store, at(1)))?.document).toEqual(docs[0]);
    expect((await replayAt(store, at(2)))?.document).toEqual(docs[2]);
  });

  it('with AUTH_TOKENS the history needs a bearer token', async () => {
    const app = Fastify({ logger: false });
    installErrorHandler(app);
    registerHistoryRoutes(app, {
      store: new StatusHistoryStore(database.db),
      authTokens: ['s3cret-token'],
    });
    try {
      expect((await app.inject({ url: HISTORY })).statusCode).toBe(401);
      expect((await app.inject({ url: `${HISTORY}?token=s3cret-token` })).statusCode).toBe(401);
      const allowed = await app.inject({
        url: HISTORY,
        headers: { authorization: 'Bearer s3cret-token' },
      });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json()).toEqual({ items: [], next_cursor: null });
    } finally {
      await app.close();
    }
  });
});

describe('status replay over CORS', () => {
  it('lets a dashboard on another origin read X-Status-Replay (CORS)', async () => {
    const app = Fastify({ logger: false });
    await registerSecurity(app, testConfig({ corsOrigins: ['https://console.example.org'] }));
    app.get('/replayed', (_request, reply) => reply.header('x-status-replay', 'x').send({}));
    try {
      const response = await app.inject({
        url: '/replayed',
        headers: { origin: 'https://console.example.org' },
      });
      expect(response.headers['access-control-expose-headers']).toMatch(/X-Status-Replay/i);
    } finally {
      await app.close();
    }
  });
});
