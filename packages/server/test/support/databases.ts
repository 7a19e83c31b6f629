import { describe } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';

/** A database kind the integration suites run against. */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Why the target is skipped, or null when it runs. */
  skipReason: string | null;
  /** Opens a fresh, migrated, empty database; `dispose` drops it. */
  open(): Promise<{ database: Database; url: string | undefined; dispose(): Promise<void> }>;
}

const baseUrl = process.env.DATABASE_URL;

/**
 * PGlite always; PostgreSQL when `DATABASE_URL` is set. Each PostgreSQL test database is a new
 * one created from that URL and dropped afterwards, so suites never see each other's rows.
 */
export const databaseTargets: DatabaseTarget[] = [
  {
    name: 'pglite',
    skipReason: null,
    async open() {
      const database = await openDatabase({ dataDir: 'memory' });
      await migrate(database);
      return { database, url: undefined, dispose: () => database.close() };
    },
  },
  {
    name: 'postgres',
    skipReason: baseUrl ? null : 'DATABASE_URL is not set: PostgreSQL integration tests skipped',
    async open() {
      const name = `monitor_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(baseUrl!);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString() });
      await migrate(database);
      return {
        database,
        url: url.toString(),
        async dispose() {
          await database.close();
          const cleanup = new pg.Client({ connectionString: baseUrl });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await cleanup.end();
        },
      };
    },
  },
];

for (const target of databaseTargets) {
  if (target.skipReason) console.warn(`[skip] ${target.skipReason}`);
}

/**
 * `describe` on one database target, skipped when it is not available (the reason is printed
 * above, once per file). A skipped block runs none of its tests or hooks.
 */
export function describeOn(
  target: DatabaseTarget,
  title: string,
  body: (target: DatabaseTarget) => void,
): void {
  describe.skipIf(target.skipReason !== null)(title.replaceAll('$name', target.name), () =>
    body(target),
  );
}

/**
 * `describe` once per database target (`$name` in `title` becomes the target's name), skipped
 * with the reason printed above when the target is not available. Replaces
 * `describe.each(databaseTargets)` + `it.skipIf(target.skipReason)` on every test and
 * `if (target.skipReason) return` in every hook: a skipped block runs none of them.
 */
export function describeOnDatabases(title: string, body: (target: DatabaseTarget) => void): void {
  for (const target of databaseTargets) describeOn(target, title, body);
}

/** The PGlite target: always runs (in memory). */
export const pgliteTarget = databaseTargets.find((target) => target.name === 'pglite')!;

/** The PostgreSQL target: runs when `DATABASE_URL` is set. */
export const postgresTarget = databaseTargets.find((target) => target.name === 'postgres')!;

/**
 * `describe` for what only a PostgreSQL server has (`LISTEN`, advisory locks, killing a backend,
 * a TCP cut): skipped, with the reason printed above, when `DATABASE_URL` is not set. `body`
 * gets that URL; `postgresTarget.open()` gives a fresh database beside it.
 */
export function describeOnPostgres(title: string, body: (baseUrl: string) => void): void {
  describeOn(postgresTarget, title, () => body(baseUrl ?? ''));
}
