import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Session } from './database';

/**
 * Kysely's PostgreSQL dialect talks to a pool of connections. PGlite has one session, so this
 * pool hands it out to one borrower at a time: a transaction's statements never interleave
 * with another caller's.
 */
export class PgliteSessionPool implements PostgresPool {
  readonly #pglite: PGlite;
  #tail: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async connect(): Promise<PostgresPoolClient> {
    const release = await this.#acquire();
    const pglite = this.#pglite;
    const client = {
      async query<R>(
        sql: string,
        parameters: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> {
        const result = await pglite.query<R>(sql, [...parameters]);
        const command = sql
          .trimStart()
          .slice(0, 6)
          .toUpperCase() as PostgresQueryResult<R>['command'];
        return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release,
    };
    return client as PostgresPoolClient;
  }

  /** Runs `work` with the session held, like a borrowed pool connection. */
  async withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await work({
        exec: async (script) => {
          await this.#pglite.exec(script);
        },
        query: async <R>(text: string, params: readonly unknown[] = []) =>
          (await this.#pglite.query<R>(text, [...params])).rows,
      });
    } finally {
      release();
    }
  }

  async end(): Promise<void> {
    await this.#tail;
  }

  #acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const granted = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return granted;
  }
}
