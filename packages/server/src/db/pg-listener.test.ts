import pg from 'pg';
import { afterEach, expect, it, vi } from 'vitest';
import { PgListener } from './pg-listener';
import { describeOnPostgres } from '../../test/support/databases';

// Anyone with database access can NOTIFY any text; the subscriber runs inside pg's socket
// handling, where a throw was an uncaught exception that stopped the process.
describeOnPostgres('PgListener (real PostgreSQL)', (url) => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('drops a payload whose subscriber throws, reports it, and keeps listening', async () => {
    const channel = `crash_test_${process.pid}`;
    const seen: string[] = [];
    const reported: unknown[] = [];
    const listener = new PgListener(
      { connectionString: url },
      channel,
      (payload) => {
        if (payload === 'poison') throw new Error('subscriber bug');
        seen.push(payload);
      },
      { onPayloadError: (error) => reported.push(error) },
    );
    await listener.start();
    closers.push(() => listener.stop());
    const notifier = new pg.Client({ connectionString: url });
    await notifier.connect();
    closers.push(() => notifier.end());
    await notifier.query('SELECT pg_notify($1, $2)', [channel, 'poison']);
    await notifier.query('SELECT pg_notify($1, $2)', [channel, 'after']);
    await vi.waitFor(() => expect(seen).toEqual(['after']));
    expect(listener.payloadErrors).toBe(1);
    expect(reported).toHaveLength(1);
  });
});
