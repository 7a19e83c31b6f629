import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  envelopeJson,
  helloHandler,
  LISTEN_BACKLOG,
  type BenchServer,
  type ServerOptions,
  type UpdateStamp,
} from './bench-server';
import { textFrame } from './frame';

// RFC 6455 section 1.3.
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Size of the message broadcast mode `tick` writes: smaller than protocol v2's "nothing
 * changed" tick (~250-310 B), so that row is the floor for any message, whatever its encoding.
 */
export const FLOOR_TICK_BYTES = 240;

/** An update envelope of exactly {@link FLOOR_TICK_BYTES}, its `data` a filler string. */
function tickEnvelope(update: UpdateStamp): string {
  const empty = envelopeJson(update, '""');
  return envelopeJson(update, `"${'x'.repeat(Math.max(0, FLOOR_TICK_BYTES - empty.length))}"`);
}

/**
 * The floor: no framework, a WebSocket handshake done by hand, and the same pre-framed bytes
 * written to every raw socket in one unsliced loop. What is left is the kernel's cost per
 * write; no server here can send for less.
 */
export async function startFloor(options: ServerOptions): Promise<BenchServer> {
  const sockets = new Set<Socket>();
  let current = textFrame(
    Buffer.from(
      envelopeJson({ seq: 0, timestamp: new Date().toISOString() }, options.documentJson),
    ),
  );
  const server = createServer(helloHandler);
  server.on('upgrade', (request, duplex, _head) => {
    const socket = duplex as Socket;
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string' || request.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1')
      .update(key + HANDSHAKE_GUID)
      .digest('base64');
    socket.setNoDelay(true);
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // The HTTP server's sockets allow half-open connections: without this, a client's FIN
    // would leave the socket (and its file descriptor) in CLOSE_WAIT for good.
    socket.on('end', () => socket.end());
    // Client frames (none in the bench) are read and dropped so the socket never backs up.
    socket.on('data', () => {});
    socket.write(current);
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    httpServer: server,
    connections: () => sockets.size,
    // Mode `tick` sends a message of FLOOR_TICK_BYTES instead of the document: the same write
    // per socket with 30× fewer bytes, which shows how much of the floor is the bytes.
    broadcast(update: UpdateStamp, mode?: string) {
      const json =
        mode === 'tick' ? tickEnvelope(update) : envelopeJson(update, options.documentJson);
      current = textFrame(Buffer.from(json));
      for (const socket of sockets) socket.write(current);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
