import { createServer } from 'node:net';
import { PortUnavailableError } from '../errors';

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
