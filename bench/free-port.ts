import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1, closed again at once so a bench process can listen on it (and
 * be restarted on it); good enough for the bench's own processes.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
