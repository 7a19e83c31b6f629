/**
 * A load-generator process for the connection rate: opens raw TCP connections that send one
 * pre-built WebSocket upgrade request each and count as open once the `101` and the first
 * frame have arrived. No WebSocket library on this side (a `ws` client costs 250-450 µs of CPU
 * per handshake here, so two of them on the one load core cannot outrun a server that needs
 * less): what limits the rate is the server. Started by `scenarios/connect-rate.ts`, pinned to
 * the load-generator core.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { nowMs } from '../clock';
import { cpuSinceLastCall, exitAfterAnswer, serveIpc } from '../ipc';

/** Open `count` connections to `host:port` `path`, at most `concurrency` handshakes at once. */
export interface HandshakeRequest {
  host: string;
  port: number;
  path: string;
  count: number;
  concurrency: number;
}

export interface HandshakeResult {
  opened: number;
  failed: number;
  /** From the first connect to the last first frame (ms). */
  elapsedMs: number;
  errors: string[];
}

export type HandshakeCommands = {
  open: { request: HandshakeRequest; response: HandshakeResult };
  'close-all': { request: Record<string, never>; response: { closed: number } };
  cpu: { request: Record<string, never>; response: { userMs: number; systemMs: number } };
  exit: { request: Record<string, never>; response: null };
};

const held = new Set<Socket>();
const HEADER_END = Buffer.from('\r\n\r\n');

function upgradeRequest(host: string, port: number, path: string): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
  );
}

/** One connection: resolves null once the 101 and a first frame arrived, else an error. */
function openOne(request: HandshakeRequest, upgrade: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: request.host, port: request.port });
    socket.setNoDelay(true);
    let received: Buffer = Buffer.alloc(0);
    let done = false;
    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      if (error === null) {
        held.add(socket);
        // Keep the socket open and drain what the server sends (periodic updates, pings).
        socket.removeAllListeners('data');
        socket.on('data', () => {});
        socket.on('close', () => held.delete(socket));
      } else socket.destroy();
      resolve(error);
    };
    socket.once('connect', () => socket.write(upgrade));
    socket.on('data', (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const end = received.indexOf(HEADER_END);
      if (end < 0) return;
      if (!received.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 101'))
        return finish(received.subarray(0, received.indexOf('\r\n')).toString('latin1'));
      // A frame header (2 bytes at least) after the response: the first update is arriving.
      if (received.length >= end + HEADER_END.length + 2) finish(null);
    });
    socket.on('error', (error) => finish(error.message));
    socket.on('close', () => finish('closed during the handshake'));
  });
}

async function open(request: HandshakeRequest): Promise<HandshakeResult> {
  const upgrade = upgradeRequest(request.host, request.port, request.path);
  const startedAt = nowMs();
  let opened = 0;
  let failed = 0;
  const errors = new Set<string>();
  let next = 0;
  const lane = async () => {
    while (next < request.count) {
      next++;
      const error = await openOne(request, upgrade);
      if (error === null) opened++;
      else {
        failed++;
        if (errors.size < 5) errors.add(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, request.count) }, lane));
  return { opened, failed, elapsedMs: nowMs() - startedAt, errors: [...errors] };
}

serveIpc<HandshakeCommands>({
  open,
  'close-all': async () => {
    const closed = held.size;
    const gone = [...held].map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    for (const socket of held) socket.destroy();
    await Promise.all(gone);
    return { closed };
  },
  cpu: cpuSinceLastCall(),
  exit: exitAfterAnswer,
});
