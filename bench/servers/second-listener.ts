import { createServer, type Server as NetServer } from 'node:net';
import type { Server as HttpServer } from 'node:http';

/**
 * Listens on one more loopback address for `server` (an HTTP server, Fastify's included) and
 * hands it every connection accepted there. Why: past ~14 000 connections from one address to
 * one address and port, Linux's connect() scans half the ephemeral range per call (it tries
 * ports of one parity first), and the load generator, not the server, sets the connect rate.
 * A second destination address gives clients a second port space.
 */
export async function listenAlso(
  server: HttpServer,
  host: string,
  backlog: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const extra: NetServer = createServer((socket) => server.emit('connection', socket));
  await new Promise<void>((resolve, reject) => {
    extra.once('error', reject);
    extra.listen({ port: 0, host, backlog }, resolve);
  });
  return {
    port: (extra.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => extra.close(() => resolve())),
  };
}
