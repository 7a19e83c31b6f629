import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeltaDocument,
  diffEncoded,
  encodeDocument,
  parseServerMessageV2,
  STATUS_PATCH_TYPE,
  type StatusPatch,
} from './delta';
import { STATUS_UPDATE_TYPE } from './message-types';
import { parseClientMessage, type StatusUpdate } from './messages';
import type { StatusDocument } from './status-document';
import { sampleStatusDocument } from './testing';

const full = (seq: number, data: StatusDocument): StatusUpdate => ({
  type: STATUS_UPDATE_TYPE,
  timestamp: data.timestamp,
  seq,
  data,
});
const patchOf = (base: number, seq: number, from: StatusDocument, to: StatusDocument) =>
  ({
    type: STATUS_PATCH_TYPE,
    timestamp: to.timestamp,
    seq,
    base,
    patch: diffEncoded(encodeDocument(from), encodeDocument(to)),
  }) satisfies StatusPatch;

/** One random, schema-valid change to a status document. */
const change = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 600 }) }),
  fc.record({
    kind: fc.constant('source' as const),
    index: fc.nat(10),
    error: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
    runs: fc.nat(1000),
  }),
  fc.record({ kind: fc.constant('drop-source' as const), index: fc.nat(10) }),
  fc.record({ kind: fc.constant('add-alert' as const), title: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('clear-alerts' as const) }),
  fc.record({
    kind: fc.constant('db-error' as const),
    error: fc.option(fc.string(), { nil: null }),
  }),
);
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

function applyChange(document: StatusDocument, step: Change): StatusDocument {
  const next = structuredClone(document);
  const sources = next.scraping_health.sources;
  switch (step.kind) {
    case 'tick': {
      const at = new Date(Date.parse(next.timestamp) + step.seconds * 1000).toISOString();
      next.timestamp = at;
      next.system_health.data_as_of = at;
      next.system_health.uptime_seconds += step.seconds;
      next.system_health.database.query_ms = step.seconds / 10;
      break;
    }
    case 'source': {
      const source = sources[step.index % Math.max(1, sources.length)];
      if (source) {
        source.last_error = step.error;
        source.runs = step.runs;
      }
      break;
    }
    case 'drop-source':
      sources.splice(step.index % Math.max(1, sources.length), 1);
      break;
    case 'add-alert': {
      const alert = structuredClone(sampleStatusDocument().alerts[0]!);
      next.alerts.unshift({ ...alert, id: `alert-${next.alerts.length + 1}`, title: step.title });
      break;
    }
    case 'clear-alerts':
      next.alerts = [];
      break;
    case 'db-error':
      next.system_health.database.error = step.error;
      break;
  }
  return next;
}

describe('DeltaDocument', () => {
  it('property: a sequence of changes sent as patches rebuilds every document exactly', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 25 }), (steps) => {
        let server = sampleStatusDocument();
        const client = new DeltaDocument();
        expect(client.full(full(1, server)).kind).toBe('document');
        steps.forEach((step, i) => {
          const next = applyChange(server, step);
          const result = client.patch(patchOf(i + 1, i + 2, server, next));
          expect(result).toEqual({ kind: 'document', seq: i + 2, document: next });
          server = next;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reports a gap when base is not the seq it holds, and keeps its document', () => {
    const a = sampleStatusDocument();
    const b = applyChange(a, { kind: 'tick', seconds: 5 });
    const c = applyChange(b, { kind: 'tick', seconds: 5 });
    const client = new DeltaDocument();
    expect(client.patch(patchOf(1, 2, a, b))).toEqual({ kind: 'gap', have: null, base: 1 });
    client.full(full(1, a));
    expect(client.patch(patchOf(2, 3, b, c))).toEqual({ kind: 'gap', have: 1, base: 2 });
    expect(client.seq).toBe(1);
    expect(client.full(full(3, c)).kind).toBe('document');
    expect(client.patch(patchOf(1, 2, a, b))).toEqual({ kind: 'stale' });
  });

  it('refuses a patch that breaks the document instead of showing a wrong one', () => {
    const client = new DeltaDocument();
    client.full(full(1, sampleStatusDocument()));
    const bad = { ...patchOf(1, 2, sampleStatusDocument(), sampleStatusDocument()) };
    expect(client.patch({ ...bad, patch: { timestamp: 5 } }).kind).toBe('invalid');
    expect(client.patch({ ...bad, patch: { alerts: { '\u0001': 3 } } }).kind).toBe('invalid');
    expect(client.seq).toBe(1);
  });

  it('a tick where only times change is a few hundred bytes against a ~3.5 KB document', () => {
    const a = sampleStatusDocument();
    const b = applyChange(a, { kind: 'tick', seconds: 5 });
    const patch = JSON.stringify(patchOf(1, 2, a, b));
    expect(patch.length).toBeLessThan(JSON.stringify(full(2, b)).length / 10);
  });
});

describe('parseServerMessageV2', () => {
  it('reads patches, full updates and pongs, and refuses malformed patches', () => {
    const a = sampleStatusDocument();
    const patch = patchOf(1, 2, a, a);
    expect(parseServerMessageV2(JSON.stringify(patch))).toEqual({ ok: true, value: patch });
    expect(parseServerMessageV2(JSON.stringify(full(1, a))).ok).toBe(true);
    expect(parseServerMessageV2({ type: 'pong', timestamp: 'x' }).ok).toBe(true);
    expect(parseServerMessageV2({ ...patch, base: -1 }).ok).toBe(false);
    expect(parseServerMessageV2({ ...patch, seq: 1.5 }).ok).toBe(false);
    expect(parseServerMessageV2({ ...patch, patch: [1] }).ok).toBe(false);
    expect(parseServerMessageV2('{').ok).toBe(false);
  });

  it('reads the resync request', () => {
    expect(parseClientMessage('{"type":"resync"}')).toEqual({
      ok: true,
      value: { type: 'resync' },
    });
  });
});
