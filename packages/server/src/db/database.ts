import type { Kysely } from 'kysely';
import type { Tables } from './tables';

/** Which engine backs the database: embedded PGlite, or a PostgreSQL server. */
export type DatabaseKind = 'pglite' | 'postgres';

/** One SQL session, for work that must stay on one connection (migrations under a lock). */
export interface Session {
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  /** Runs one statement with parameters and returns its rows. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** The database handle every other module receives. */
export interface Database {
  readonly kind: DatabaseKind;
  /** Typed query builder; the store modules are its only users. */
  readonly db: Kysely<Tables>;
  /** Runs `work` on one dedicated session (one connection), released afterwards. */
  withSession<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Subscribes to `NOTIFY` on `channel`. Returns the unsubscribe function. On PostgreSQL the
   * subscription survives outages; after reconnecting it calls `onPayload('')` once, since
   * notifications sent meanwhile were lost.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
