import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffEncoded,
  encodeDocument,
  STATUS_PATCH_TYPE,
  STATUS_UPDATE_TYPE,
  WS_SUBPROTOCOL_V2,
  type StatusDocument,
} from '@naija-monitor/protocol';
import { makeStatusDocument } from '../test/support/status-document';
import { FrameReader } from './delta-reader';
import { resolveOptions } from './options';
import type { TransportCallbacks } from './transports/transport';
import { WebSocketTransport } from './transports/websocket';

const full = (seq: number, data: StatusDocument) =>
  JSON.stringify({ type: STATUS_UPDATE_TYPE, timestamp: data.timestamp, seq, data });
const patch = (base: number, seq: number, from: StatusDocument, to: StatusDocument) =>
  JSON.stringify({
    type: STATUS_PATCH_TYPE,
    timestamp: to.timestamp,
    seq,
    base,
    patch: diffEncoded(encodeDocument(from), encodeDocument(to)),
  });
const doc = (articles: number) =>
  makeStatusDocument({ articles, at: new Date(Date.UTC(2026, 0, 1, 0, 0, articles)) });

describe('FrameReader', () => {
  it('applies v2 patches on top of the full document', () => {
    const reader = new FrameReader();
    expect(reader.read(full(1, doc(1)))).toMatchObject({ kind: 'update', update: { seq: 1 } });
    const result = reader.read(patch(1, 2, doc(1), doc(2)));
    expect(result).toEqual({ kind: 'update', update: { seq: 2, status: doc(2) } });
  });

  it('asks for a resync on a gap and on a patch without a document', () => {
    const reader = new FrameReader();
    expect(reader.read(patch(1, 2, doc(1), doc(2))).kind).toBe('resync');
    reader.read(full(1, doc(1)));
    expect(reader.read(patch(2, 3, doc(2), doc(3))).kind).toBe('resync');
    expect(reader.read(full(3, doc(3)))).toMatchObject({ kind: 'update', update: { seq: 3 } });
  });

  it('reads v1 messages as they are (a server without v2)', () => {
    const reader = new FrameReader();
    for (const seq of [1, 2, 3])
      expect(reader.read(full(seq, doc(seq)))).toMatchObject({
        kind: 'update',
        update: { seq, status: doc(seq) },
      });
  });
});

describe('FrameReader property', () => {
  /** One server-side change: new counts and time, a source's error set or cleared. */
  const step = fc.record({
    articles: fc.nat(500),
    seconds: fc.integer({ min: 1, max: 60 }),
    source: fc.nat(3),
    error: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
    lost: fc.boolean(),
  });

  it('random documents as patches, some lost: every update shown equals the server’s', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const reader = new FrameReader();
        let seq = 1;
        let server = doc(0);
        expect(reader.read(full(seq, server)).kind).toBe('update');
        let needsFull = false;
        for (const change of steps) {
          const next = structuredClone(server);
          next.timestamp = new Date(
            Date.parse(next.timestamp) + change.seconds * 1000,
          ).toISOString();
          next.scraping_health.articles_collected = change.articles;
          const source =
            next.scraping_health.sources[change.source % next.scraping_health.sources.length];
          if (source) source.last_error = change.error;
          // What the server sends: a patch from the previous seq, or the full document when
          // the client asked for a resync.
          const message = needsFull ? full(seq + 1, next) : patch(seq, seq + 1, server, next);
          seq += 1;
          server = next;
          if (change.lost && !needsFull) continue; // lost on the way
          const result = reader.read(message);
          if (result.kind === 'update') {
            expect(result.update).toEqual({ seq, status: server });
            needsFull = false;
          } else {
            expect(result.kind).toBe('resync');
            needsFull = true;
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('WebSocketTransport with protocol v2', () => {
  class ScriptedSocket {
    static last: ScriptedSocket | null = null;
    readyState = 1;
    sent: string[] = [];
    readonly listeners = new Map<string, ((event: never) => void)[]>();
    constructor(
      readonly url: string,
      readonly protocols?: string | string[],
    ) {
      ScriptedSocket.last = this;
    }
    send(data: string): void {
      this.sent.push(data);
    }
    close(): void {}
    addEventListener(type: string, listener: (event: never) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    emit(type: string, event: unknown = {}): void {
      for (const listener of this.listeners.get(type) ?? []) listener(event as never);
    }
  }
  const setup = (protocol?: 1 | 2) => {
    const log: string[] = [];
    const callbacks: TransportCallbacks = {
      onUpdate: (u) => log.push(`update ${u.status.scraping_health.articles_collected} ${u.seq}`),
      onNotModified: () => log.push('304'),
      onError: (e) => log.push(`error ${e.code}`),
      onEnd: (e) => log.push(`end ${e.reason}`),
    };
    const options = resolveOptions({
      baseUrl: 'http://monitor.test',
      WebSocket: ScriptedSocket,
      document: null,
      window: null,
      ...(protocol ? { protocol } : {}),
    });
    new WebSocketTransport(options, callbacks);
    return { log, socket: ScriptedSocket.last! };
  };

  it('offers naija-monitor.v2 by default, and nothing with protocol: 1', () => {
    expect(setup().socket.protocols).toEqual([WS_SUBPROTOCOL_V2]);
    expect(setup(1).socket.protocols).toBeUndefined();
  });

  it('rebuilds documents from patches and sends one resync per gap', () => {
    const { log, socket } = setup();
    socket.emit('message', { data: full(1, doc(1)) });
    socket.emit('message', { data: patch(1, 2, doc(1), doc(2)) });
    socket.emit('message', { data: patch(3, 4, doc(3), doc(4)) }); // seq 3 was lost
    socket.emit('message', { data: patch(4, 5, doc(4), doc(5)) });
    expect(socket.sent).toEqual(['{"type":"resync"}']);
    socket.emit('message', { data: full(5, doc(5)) });
    socket.emit('message', { data: patch(5, 6, doc(5), doc(6)) });
    expect(log).toEqual(['update 1 1', 'update 2 2', 'update 5 5', 'update 6 6']);
  });
});
