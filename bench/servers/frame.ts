import * as ws from 'ws';

/**
 * ws's frame encoder. @types/ws does not declare it; ws exports it as the named export
 * `Sender` (its ESM default export, the WebSocket class, has no `Sender` unless ws's CommonJS
 * entry has also been loaded).
 */
interface FrameEncoder {
  frame(
    data: Buffer,
    options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean },
  ): Buffer[];
}
const { Sender } = ws as unknown as { Sender: FrameEncoder };

/** One final, unmasked text frame holding `payload`: header and payload in one buffer. */
export function textFrame(payload: Buffer): Buffer {
  const parts = Sender.frame(payload, {
    fin: true,
    opcode: 1,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
