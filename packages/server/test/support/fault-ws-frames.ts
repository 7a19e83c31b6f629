import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A client frame written by hand, valid or not (RFC 6455 §5.2). */
export interface RawFrame {
  fin: boolean;
  /** The three reserved bits, 0-7 (must be 0 without an extension). */
  rsv: number;
  /** 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong; the others are reserved. */
  opcode: number;
  /** Clients must mask; an unmasked client frame is a protocol error. */
  masked: boolean;
  payload: Uint8Array;
  /** Force the 16- or 64-bit length form even for short payloads (legal but unusual). */
  longLength?: 16 | 64;
}

/** Encodes `frame` as bytes on the wire. */
export function encodeFrame(frame: RawFrame): Buffer {
  const payload = Buffer.from(frame.payload);
  const length = payload.length;
  const head: number[] = [(frame.fin ? 0x80 : 0) | ((frame.rsv & 7) << 4) | (frame.opcode & 0x0f)];
  const maskBit = frame.masked ? 0x80 : 0;
  const form = frame.longLength ?? (length < 126 ? 7 : length < 65536 ? 16 : 64);
  if (form === 7) head.push(maskBit | length);
  else if (form === 16) head.push(maskBit | 126, (length >> 8) & 0xff, length & 0xff);
  else {
    head.push(maskBit | 127, 0, 0, 0, 0);
    head.push((length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  }
  if (!frame.masked) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ key[i % 4]!;
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** A frame the server sent (servers never mask). */
export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** Splits server bytes into frames; an incomplete tail is ignored. */
export function decodeServerFrames(bytes: Buffer): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = bytes[offset]! & 0x0f;
    let length = bytes[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (start + 2 > bytes.length) break;
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(start, start + length) });
    offset = start + length;
  }
  return frames;
}

/** The close code of the first close frame, if any (1005 when it carried none). */
export function closeCodeOf(frames: ServerFrame[]): number | undefined {
  const close = frames.find((frame) => frame.opcode === 8);
  if (!close) return undefined;
  return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
}

/** A WebSocket connection opened by hand on a raw TCP socket, recording all it receives. */
export interface RawWsConnection {
  socket: Socket;
  /** Bytes received after the handshake. */
  received(): Buffer;
  /** Resolves when the server closed the TCP connection (or it errored). */
  ended: Promise<void>;
  /** Waits until the server ends the connection or `idleMs` pass without new bytes. */
  settle(idleMs: number, maxMs: number): Promise<'ended' | 'idle'>;
}

/** Opens a WebSocket on `path` with a hand-written handshake; rejects unless answered 101. */
export function openRawWebSocket(port: number, path: string): Promise<RawWsConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let head = Buffer.alloc(0);
    let body = Buffer.alloc(0);
    let upgraded = false;
    let lastByteAt = performance.now();
    let isEnded = false;
    const ended = new Promise<void>((done) => {
      socket.on('close', () => {
        isEnded = true;
        done();
      });
    });
    socket.on('error', (error) => {
      if (!upgraded) reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      lastByteAt = performance.now();
      if (upgraded) {
        body = Buffer.concat([body, chunk]);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!/^HTTP\/1\.1 101/.test(status)) {
        socket.destroy();
        reject(new Error(`handshake refused: ${status}`));
        return;
      }
      upgraded = true;
      body = head.subarray(end + 4);
      resolve({
        socket,
        received: () => body,
        ended,
        async settle(idleMs, maxMs) {
          const deadline = performance.now() + maxMs;
          while (!isEnded && performance.now() < deadline) {
            if (performance.now() - lastByteAt >= idleMs) return 'idle';
            await Promise.race([ended, new Promise((r) => setTimeout(r, 20))]);
          }
          return isEnded ? 'ended' : 'idle';
        },
      });
    });
    socket.on('connect', () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
  });
}
