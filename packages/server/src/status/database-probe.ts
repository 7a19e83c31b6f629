import type { Database } from '../db/connection';
import { pingDatabase } from '../store/status-queries';
import { withDeadline } from './deadline';

/** Whether the database answered a ping in time, how fast, and if not, why. */
export interface DatabaseProbe {
  reachable: boolean;
  /** Round trip of the ping in ms, or null when it failed. */
  latencyMs: number | null;
  error: string | null;
}

/**
 * Pings the database, giving up after `timeoutMs` so a hung database cannot hang the caller
 * (readiness checks, the status engine's failure path). Never throws.
 */
export async function probeDatabase(database: Database, timeoutMs: number): Promise<DatabaseProbe> {
  const started = performance.now();
  try {
    await withDeadline(pingDatabase(database.db), timeoutMs, 'database ping');
    return {
      reachable: true,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      error: null,
    };
  } catch (error) {
    return { reachable: false, latencyMs: null, error: errorMessage(error) };
  }
}

/** A one-line message for any thrown value. */
export function errorMessage(error: unknown): string {
  // A refused connection to a host with several addresses is an AggregateError with no message.
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) {
    return errorMessage(error.errors[0]);
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
