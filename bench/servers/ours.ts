import type { BenchServer, ServerOptions } from './bench-server';

/** Raised when the real server cannot be run by the bench yet. */
export class OursUnavailableError extends Error {
  override readonly name = 'OursUnavailableError';
  readonly code = 'OURS_UNAVAILABLE';
}

/** The real server (packages/server) with its live hub. */
export async function startOurs(_options: ServerOptions): Promise<BenchServer> {
  throw new OursUnavailableError('the live hub of packages/server has not landed yet');
}
