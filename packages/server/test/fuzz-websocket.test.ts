import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { parseClientMessage, parseServerMessage, PATHS } from '@naija-monitor/protocol';
import { watchUnhandledRejections } from './support/fault-database';
import {
  closeCodeOf,
  decodeServerFrames,
  encodeFrame,
  openRawWebSocket,
  type RawFrame,
} from './support/fault-ws-frames';
import { TestWsClient } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

const MAX_MESSAGE_BYTES = 4096;
const INTERVAL_MS = 200;
const PATH = PATHS.websocket[0];

/** One client message: text (any string), raw bytes as a text frame (maybe invalid UTF-8), or binary. */
type Message =
  | { kind: 'text'; text: string }
  | { kind: 'bytes-as-text'; bytes: Uint8Array }
  | { kind: 'binary'; bytes: Uint8Array };

const VALID_TEXTS = [
  '{"type":"ping"}',
  '{"type":"refresh"}',
  'ping',
  'keepalive',
  'keep-alive',
  'heartbeat',
  ' PING ',
  '{"type":"ping","extra":1}',
];

/** A valid message with a few characters replaced, inserted or removed. */
const mutatedText = fc
  .tuple(
    fc.constantFrom(...VALID_TEXTS),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('replace', 'insert', 'delete'),
        fc.string({ maxLength: 2 }),
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, op, chars] of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      if (op === 'replace') out = out.slice(0, i) + chars + out.slice(i + 1);
      else if (op === 'insert') out = out.slice(0, i) + chars + out.slice(i);
      else out = out.slice(0, i) + out.slice(i + 1);
    }
    return out;
  });

const messageArb: fc.Arbitrary<Message> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...VALID_TEXTS).map((text) => ({ kind: 'text' as const, text })),
  },
  { weight: 4, arbitrary: mutatedText.map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 200 })
      .map((text) => ({ kind: 'text' as const, text })),
  },
  {
    weight: 2,
    arbitrary: fc.json({ maxDepth: 3 }).map((text) => ({ kind: 'text' as const, text })),
  },
  {
    weight: 1,
    // Near and over the limit: 1009 exactly when the UTF-8 size passes MAX_MESSAGE_BYTES.
    arbitrary: fc
      .integer({ min: MAX_MESSAGE_BYTES - 8, max: MAX_MESSAGE_BYTES * 40 })
      .map((size) => ({ kind: 'text' as const, text: 'x'.repeat(size) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ kind: 'binary' as const, bytes })),
  },
  {
    weight: 1,
    // Bytes that are not UTF-8 (a lone continuation byte, an overlong form, 0xff) in a text frame.
    arbitrary: fc
      .tuple(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom([0x80], [0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80]),
      )
      .map(([bytes, bad]) => ({
        kind: 'bytes-as-text' as const,
        bytes: Uint8Array.from([...bytes, ...bad]),
      })),
  },
);

function sizeOf(message: Message): number {
  return message.kind === 'text' ? Buffer.byteLength(message.text) : message.bytes.length;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What the server must do with `message`, by the contract. */
function expected(message: Message): 'close-1009' | 'close-1007' | 'pong' | 'update' | 'error' {
  if (sizeOf(message) > MAX_MESSAGE_BYTES) return 'close-1009';
  if (message.kind === 'binary') return 'error';
  if (message.kind === 'bytes-as-text' && !isUtf8(message.bytes)) return 'close-1007';
  const text = message.kind === 'text' ? message.text : Buffer.from(message.bytes).toString('utf8');
  const parsed = parseClientMessage(text);
  if (!parsed.ok) return 'error';
  return parsed.value.type === 'ping' ? 'pong' : 'update';
}

function send(ws: WebSocket, message: Message): void {
  if (message.kind === 'text') ws.send(message.text);
  else ws.send(Buffer.from(message.bytes), { binary: message.kind === 'binary' });
}

/** A frame that is probably valid, or anything at all. */
const frameArb: fc.Arbitrary<RawFrame> = fc.oneof(
  fc.record({
    fin: fc.constant(true),
    rsv: fc.constant(0),
    opcode: fc.constantFrom(1, 9, 10),
    masked: fc.constant(true),
    payload: fc.oneof(
      fc.constantFrom(...VALID_TEXTS).map((text) => new TextEncoder().encode(text)),
      fc.uint8Array({ maxLength: 120 }),
    ),
  }),
  fc.record({
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    opcode: fc.integer({ min: 0, max: 15 }),
    masked: fc.boolean(),
    payload: fc.uint8Array({ maxLength: 300 }),
    longLength: fc.constantFrom(undefined, 16 as const, 64 as const),
  }),
);

/** A frame the server must refuse with 1002 whatever comes before or after it. */
function violatesFraming(frame: RawFrame): boolean {
  const reserved = (frame.opcode >= 3 && frame.opcode <= 7) || frame.opcode >= 11;
  const badControl = frame.opcode >= 8 && (!frame.fin || frame.payload.length > 125);
  return frame.rsv !== 0 || reserved || !frame.masked || badControl || frame.opcode === 0;
}

describe('WebSocket fuzzing (random, mutated, invalid and fragmented client frames)', () => {
  let server: LiveServer;
  let bystander: TestWsClient;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  let fuzzStartedAt = 0;

  beforeAll(async () => {
    rejections = watchUnhandledRejections();
    server = await startLiveServer({
      config: {
        broadcastIntervalMs: INTERVAL_MS,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        handshakesPerIpPerMinute: 1_000_000,
        maxConnectionsPerIp: 10_000,
      },
    });
    bystander = await TestWsClient.open(server.wsUrl());
    await bystander.waitForUpdates(1, 10_000);
    fuzzStartedAt = performance.now();
  });
  afterAll(async () => {
    bystander?.close();
    await server?.close();
  });

  it('answers every message by the protocol: pong, status, error reply, 1009 over the size limit, 1007 for invalid UTF-8, 1008 after repeated garbage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(messageArb, { minLength: 1, maxLength: 7 }), async (messages) => {
        const client = await TestWsClient.open(server.wsUrl());
        try {
          await client.waitForUpdates(1, 5000);
          let invalid = 0;
          for (const message of messages) {
            const outcome = expected(message);
            const before = client.received.length;
            send(client.ws, message);
            if (outcome === 'close-1009' || outcome === 'close-1007') {
              const closed = await Promise.race([client.closed, timeout(5000)]);
              expect(closed?.code).toBe(outcome === 'close-1009' ? 1009 : 1007);
              return;
            }
            if (outcome === 'pong') await client.waitForType('pong', before, 5000);
            if (outcome === 'update')
              await client.waitForType('pipeline_status_update', before, 5000);
            if (outcome === 'error') {
              invalid += 1;
              const reply = await client.waitForType('error', before, 5000);
              expect(reply.message).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
              expect(reply.raw).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b/);
              if (invalid >= 5) {
                const closed = await Promise.race([client.closed, timeout(5000)]);
                expect(closed?.code).toBe(1008);
                return;
              }
            }
          }
          expect(client.ws.readyState).toBe(WebSocket.OPEN);
        } finally {
          client.ws.terminate();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('survives arbitrary hand-made frames and raw bytes: protocol violations close with 1002, only well-formed frames come back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            {
              weight: 4,
              arbitrary: frameArb.map((frame) => ({ frame, bytes: encodeFrame(frame) })),
            },
            {
              weight: 1,
              arbitrary: fc
                .uint8Array({ minLength: 1, maxLength: 64 })
                .map((b) => ({ frame: null, bytes: Buffer.from(b) })),
            },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        fc.integer({ min: 1, max: 7 }),
        async (chunks, splitEvery) => {
          const raw = await openRawWebSocket(server.port, PATH);
          try {
            const all = Buffer.concat(chunks.map((c) => c.bytes));
            // Written in pieces: frames cut anywhere must be reassembled, not misread.
            for (let i = 0; i < all.length; i += Math.ceil(all.length / splitEvery)) {
              raw.socket.write(all.subarray(i, i + Math.ceil(all.length / splitEvery)));
            }
            await raw.settle(150, 3000);
            const frames = decodeServerFrames(raw.received());
            for (const frame of frames) {
              expect([1, 8, 9, 10]).toContain(frame.opcode);
              if (frame.opcode === 1)
                expect(parseServerMessage(frame.payload.toString()).ok).toBe(true);
            }
            const code = closeCodeOf(frames);
            if (code !== undefined) expect(isValidCloseCode(code)).toBe(true);
            const first = chunks[0]!;
            if (first.frame && violatesFraming(first.frame)) expect(code).toBe(1002);
          } finally {
            raw.socket.destroy();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it.each([
    {
      name: 'a text frame that is not UTF-8',
      frames: [
        {
          fin: true,
          rsv: 0,
          opcode: 1,
          masked: true,
          payload: Uint8Array.from([0x7b, 0xff, 0x7d]),
        },
      ],
      code: 1007,
    },
    {
      name: 'an unmasked client frame',
      frames: [
        { fin: true, rsv: 0, opcode: 1, masked: false, payload: new TextEncoder().encode('ping') },
      ],
      code: 1002,
    },
    {
      name: 'a reserved opcode',
      frames: [{ fin: true, rsv: 0, opcode: 3, masked: true, payload: new Uint8Array() }],
      code: 1002,
    },
    {
      name: 'RSV bits without an extension (no permessage-deflate)',
      frames: [
        { fin: true, rsv: 4, opcode: 1, masked: true, payload: new TextEncoder().encode('ping') },
      ],
      code: 1002,
    },
    {
      name: 'a ping longer than 125 bytes',
      frames: [{ fin: true, rsv: 0, opcode: 9, masked: true, payload: new Uint8Array(126) }],
      code: 1002,
    },
    {
      name: 'a continuation frame with nothing to continue',
      frames: [
        { fin: true, rsv: 0, opcode: 0, masked: true, payload: new TextEncoder().encode('ping') },
      ],
      code: 1002,
    },
    {
      name: 'a new text frame inside a fragmented message',
      frames: [
        {
          fin: false,
          rsv: 0,
          opcode: 1,
          masked: true,
          payload: new TextEncoder().encode('{"type":'),
        },
        {
          fin: true,
          rsv: 0,
          opcode: 1,
          masked: true,
          payload: new TextEncoder().encode('"ping"}'),
        },
      ],
      code: 1002,
    },
    {
      name: 'a fragmented message whose fragments add up to more than MAX_MESSAGE_BYTES',
      frames: Array.from({ length: 5 }, (_, i) => ({
        fin: i === 4,
        rsv: 0,
        opcode: i === 0 ? 1 : 0,
        masked: true,
        payload: new Uint8Array(1000).fill(0x61),
      })),
      code: 1009,
    },
    {
      name: 'a header announcing 2^40 bytes',
      frames: [],
      raw: Buffer.from([0x81, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
      code: 1009,
    },
  ] as { name: string; frames: RawFrame[]; raw?: Buffer; code: number }[])(
    'closes with $code on $name',
    async ({ frames, raw: rawBytes, code }) => {
      const raw = await openRawWebSocket(server.port, PATH);
      try {
        raw.socket.write(
          Buffer.concat([...frames.map(encodeFrame), ...(rawBytes ? [rawBytes] : [])]),
        );
        await raw.settle(300, 5000);
        expect(closeCodeOf(decodeServerFrames(raw.received()))).toBe(code);
      } finally {
        raw.socket.destroy();
      }
    },
  );

  it('reassembles a fragmented message (with a ping between fragments) and answers it', async () => {
    const raw = await openRawWebSocket(server.port, PATH);
    try {
      const text = new TextEncoder().encode('{"type":"ping"}');
      const fragment = (fin: boolean, opcode: number, payload: Uint8Array) =>
        encodeFrame({ fin, rsv: 0, opcode, masked: true, payload });
      raw.socket.write(
        Buffer.concat([
          fragment(false, 1, text.subarray(0, 5)),
          fragment(true, 9, Uint8Array.from([1, 2, 3])),
          fragment(false, 0, text.subarray(5, 9)),
          fragment(true, 0, text.subarray(9)),
        ]),
      );
      const types = () =>
        decodeServerFrames(raw.received()).map((frame) =>
          frame.opcode === 1
            ? (JSON.parse(frame.payload.toString()) as { type: string }).type
            : `opcode-${frame.opcode}`,
        );
      await expect
        .poll(types, { timeout: 5000 })
        .toEqual(expect.arrayContaining(['opcode-10', 'pong']));
      const frames = decodeServerFrames(raw.received());
      expect(frames.find((f) => f.opcode === 10)?.payload).toEqual(Buffer.from([1, 2, 3]));
      expect(closeCodeOf(frames)).toBeUndefined();
    } finally {
      raw.socket.destroy();
    }
  });

  it('kept every other client served throughout, leaked no connection and raised no unhandled rejection', async () => {
    const during = bystander.updates().filter((u) => u.at >= fuzzStartedAt);
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
    expect(during.length).toBeGreaterThan(3);
    let longestGapMs = 0;
    for (let i = 1; i < during.length; i++) {
      longestGapMs = Math.max(longestGapMs, during[i]!.at - during[i - 1]!.at);
    }
    // One update per 200 ms; generous for a loaded machine running the fuzzer in the same process.
    expect(longestGapMs).toBeLessThan(3000);
    // Every fuzzing connection is gone from the hub (ws's close handshake waits up to 30 s for
    // a peer that never answers, but these peers were destroyed).
    await expect.poll(() => server.live.hub.registry.size, { timeout: 10_000 }).toBe(1);
    expect(rejections.stop()).toEqual([]);
  }, 30_000);
});

/** A code a close frame may carry (RFC 6455 §7.4), or 1005 for a close frame without one. */
function isValidCloseCode(code: number): boolean {
  return (
    code === 1005 ||
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
