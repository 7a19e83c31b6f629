import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../test/support/scale-out-database';
import { AdvisoryLockElection, SoleLeader } from './leader-election';
import { describeOnPostgres } from '../../test/support/databases';

describeOnPostgres('AdvisoryLockElection (real PostgreSQL)', (databaseUrl) => {
  let scratch: ScratchDatabase;
  const elections: AdvisoryLockElection[] = [];
  /** Most leaders seen at once, sampled at every role change of any election. */
  let mostLeaders = 0;

  const elect = (pollIntervalMs = 100) => {
    const election = new AdvisoryLockElection({
      connectionString: scratch.url,
      pollIntervalMs,
      queryTimeoutMs: 2000,
    });
    election.onChange(() => {
      mostLeaders = Math.max(mostLeaders, elections.filter((e) => e.isLeader).length);
    });
    elections.push(election);
    return election;
  };
  const leaders = () => elections.filter((e) => e.isLeader);

  beforeAll(async () => {
    scratch = await createScratchDatabase(databaseUrl);
  });
  afterEach(async () => {
    await Promise.all(elections.splice(0).map((e) => e.stop()));
    mostLeaders = 0;
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  it('elects exactly one leader, and another when the leader stops', async () => {
    const [a, b, c] = [elect(), elect(), elect()];
    await Promise.all([a.start(), b.start(), c.start()]);
    await vi.waitFor(() => expect(leaders()).toHaveLength(1));
    const first = leaders()[0]!;
    await first.stop();
    await vi.waitFor(() => expect(leaders()).toHaveLength(1));
    expect(leaders()[0]).not.toBe(first);
    expect(mostLeaders).toBe(1);
  });

  it('loses the leadership with its session, and one process leads again', async () => {
    const [a, b] = [elect(), elect()];
    await a.start();
    await b.start();
    expect(a.isLeader).toBe(true);
    const lost = new Promise<boolean>((resolve) => a.onChange(resolve));
    // Kill the leader's session from the outside, as a server restart or a network cut would.
    await scratch.admin(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [scratch.name],
    );
    expect(await lost).toBe(false);
    // Both compete again (a on a new session): one of them wins, never both.
    await vi.waitFor(() => expect(leaders()).toHaveLength(1), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(leaders()).toHaveLength(1);
    expect(mostLeaders).toBe(1);
  });

  it('hands over at once when the leader resigns, without waiting for a poll', async () => {
    const [a, b] = [elect(10_000), elect(10_000)];
    await a.start();
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await a.resign();
    expect(a.isLeader).toBe(false);
    // Within 3 s, well under b's 10 s poll: only the NOTIFY can have woken it.
    await vi.waitFor(() => expect(b.isLeader).toBe(true), { timeout: 3000, interval: 10 });
    // A resigned process does not come back.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await b.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.isLeader).toBe(false);
  });

  it('starts as a follower when the database is unreachable', async () => {
    const url = new URL(scratch.url);
    url.port = '1'; // nothing listens there
    const election = new AdvisoryLockElection({
      connectionString: url.toString(),
      pollIntervalMs: 50,
    });
    elections.push(election);
    await election.start();
    expect(election.isLeader).toBe(false);
  });
});

describe('SoleLeader', () => {
  it('leads until it resigns', async () => {
    const sole = new SoleLeader();
    await sole.start();
    expect(sole.isLeader).toBe(true);
    await sole.resign();
    expect(sole.isLeader).toBe(false);
  });
});
