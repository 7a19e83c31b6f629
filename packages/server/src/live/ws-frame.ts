import type WebSocket from 'ws';
import * as wsModule from 'ws';

/**
 * Frame-once fan-out on top of `ws` (see websockets/ws#617 and the fan-out figures in
 * BENCHMARKS.md): a text message is framed once per broadcast with `WebSocket.Sender.frame`
 * and the same bytes are written through each client's sender. `Sender.frame` and
 * `sender.sendFrame` are not in @types/ws, so they are typed here and checked at load; if a
 * future `ws` drops them, every write falls back to `ws.send`.
 */

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}

interface SenderClass {
  frame(data: Buffer, options: FrameOptions): Buffer[];
  prototype: { sendFrame?: unknown };
}

interface SenderInternals {
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
  /** 0 while idle; anything else means a compressed or Blob send is in progress. */
  _state: number;
  _queue: unknown[];
}

// ESM (ws/wrapper.mjs) exports `Sender` by name; CommonJS hangs it on the WebSocket class.
const wsExports = wsModule as unknown as {
  Sender?: SenderClass;
  default?: { Sender?: SenderClass };
};
const Sender = wsExports.Sender ?? wsExports.default?.Sender;
const OPCODE_TEXT = 0x1;

/** True when `ws` exposes what frame-once needs (checked once, at load). */
export const CAN_FRAME_ONCE =
  typeof Sender?.frame === 'function' && typeof Sender.prototype.sendFrame === 'function';

/** The unmasked, final text frame carrying `payload`, as one buffer (one write per client). */
export function frameText(payload: Buffer): Buffer {
  if (!CAN_FRAME_ONCE) return payload;
  const parts = Sender!.frame(payload, {
    fin: true,
    opcode: OPCODE_TEXT,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * Writes a frame made by {@link frameText} to `ws`, or sends `payload` the ordinary way when
 * the sender is busy with something queued (so messages never overtake one another) or
 * frame-once is unavailable. Returns the bytes handed to the socket. `ws` must be OPEN, and the
 * server must not negotiate permessage-deflate (it does not: see ws-upgrade.ts).
 */
export function writeFrame(ws: WebSocket, frame: Buffer, payload: Buffer): number {
  const sender = (ws as unknown as { _sender: SenderInternals | null })._sender;
  if (CAN_FRAME_ONCE && sender && sender._state === 0 && sender._queue.length === 0) {
    sender.sendFrame([frame]);
    return frame.length;
  }
  ws.send(payload);
  return payload.length;
}
