import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanEnvelope } from './envelope-scan';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('scanEnvelope', () => {
  it('reads seq and the envelope timestamp, not the one inside data', () => {
    const bytes = encode({
      data: { timestamp: '2020-01-01T00:00:00.000Z', nested: [{ seq: 99 }] },
      type: 'pipeline_status_update',
      seq: 42,
      timestamp: '2026-01-28T15:30:45.123Z',
    });
    expect(scanEnvelope(bytes)).toEqual({
      seq: 42,
      timestampMs: Date.parse('2026-01-28T15:30:45.123Z'),
    });
  });

  it('starts at an offset (Socket.IO packets) and tolerates white space', () => {
    const text = `42["update", { "seq" : 7 , "timestamp" : "2026-01-28T15:30:45.000Z" }]`;
    expect(scanEnvelope(Buffer.from(text), text.indexOf('{'))).toEqual({
      seq: 7,
      timestampMs: Date.parse('2026-01-28T15:30:45.000Z'),
    });
  });

  it('returns null for messages that are not updates', () => {
    expect(scanEnvelope(encode({ type: 'pong', timestamp: 'x' }))).toBeNull();
    expect(scanEnvelope(Buffer.from('ping'))).toBeNull();
    expect(scanEnvelope(Buffer.from('{"seq":'))).toBeNull();
    expect(scanEnvelope(encode({ seq: 1.5 }))).toBeNull();
  });

  it('agrees with JSON.parse on any envelope', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
        fc.jsonValue(),
        fc.boolean(),
        (seq, date, data, dataFirst) => {
          const timestamp = date.toISOString();
          const envelope = dataFirst
            ? { data, type: 'pipeline_status_update', timestamp, seq }
            : { type: 'pipeline_status_update', timestamp, seq, data };
          expect(scanEnvelope(encode(envelope))).toEqual({ seq, timestampMs: date.getTime() });
        },
      ),
    );
  });
});
