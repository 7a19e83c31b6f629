import { createServer } from 'node:net';

/** The port cannot be bound; the message names it and what to do. */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly errorCode: string,
  ) {
    super(
      errorCode === 'EADDRINUSE'
        ? `PORT ${port} on ${host} is already in use by another process: stop it or set another PORT`
        : `PORT ${port} on ${host} cannot be bound (${errorCode}): set another PORT or HOST`,
    );
  }
}

/**
 * Binds `port` on `host` with a throw-away server and closes it again, so a start on a busy
 * port fails before it opens (and migrates) the database. Port 0 (any free port) always passes.
 * A process that takes the port between this probe and `listen` still fails at `listen`.
 */
export async function probePort(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new PortUnavailableError(port, host, error.code ?? 'unknown error')),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
