import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { STATUS_UPDATE_TYPE, type StatusDocument } from '@naija-monitor/protocol';
import {
  helloHandler,
  LISTEN_BACKLOG,
  type BenchServer,
  type ServerOptions,
  type UpdateStamp,
} from './bench-server';

/**
 * The usual pick: Socket.IO 4 with the WebSocket transport only (no long-polling upgrade
 * dance), broadcasting each update with one `io.emit`, which encodes the packet once and
 * writes it to every client's transport.
 */
export async function startSocketIo(options: ServerOptions): Promise<BenchServer> {
  const data = JSON.parse(options.documentJson) as StatusDocument;
  let current = { type: STATUS_UPDATE_TYPE, timestamp: new Date().toISOString(), seq: 0, data };
  const server = createServer(helloHandler);
  const io = new Server(server, {
    transports: ['websocket'],
    serveClient: false,
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 1e5,
  });
  io.on('connection', (socket) => socket.emit(STATUS_UPDATE_TYPE, current));
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    httpServer: server,
    connections: () => io.engine.clientsCount,
    broadcast(update: UpdateStamp) {
      current = { type: STATUS_UPDATE_TYPE, timestamp: update.timestamp, seq: update.seq, data };
      io.emit(STATUS_UPDATE_TYPE, current);
    },
    async close() {
      io.disconnectSockets(true);
      await io.close();
    },
  };
}
