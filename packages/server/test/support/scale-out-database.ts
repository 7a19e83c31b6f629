import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';

/** A fresh PostgreSQL database for one test run, dropped by `dispose`. */
export interface ScratchDatabase extends AsyncDisposable {
  url: string;
  name: string;
  /** Runs one statement as the server's admin (on the base database). */
  admin<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  dispose(): Promise<void>;
}

/**
 * Creates `monitor_test_<random>` next to `baseUrl`'s database (like `databases.ts`), migrated
 * when `migrated` is set, so runs never see each other's rows or advisory locks.
 */
export async function createScratchDatabase(
  baseUrl: string,
  options: { migrated?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `monitor_test_${randomBytes(6).toString('hex')}`;
  const admin = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  if (options.migrated) {
    const database = await openDatabase({ url: url.toString() });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
  }
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return { url: url.toString(), name, admin, dispose, [Symbol.asyncDispose]: dispose };
}
