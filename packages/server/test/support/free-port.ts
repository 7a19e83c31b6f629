import { createServer, type AddressInfo } from 'node:net';

/**
 * A free loopback port: bound on port 0, then released for a child process to use
 * (`main.ts` listens on the configured PORT, not 0).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
