import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('SseParser', () => {
  it('dispatches on a blank line, joins data lines, keeps the last id', () => {
    expect(
      parse(['id: 7\ndata: {"a":\ndata: 1}\n\n', ': comment\nevent: custom\ndata:x\n\n']),
    ).toEqual([
      { type: 'message', data: '{"a":\n1}', lastEventId: '7' },
      { type: 'custom', data: 'x', lastEventId: '7' },
    ]);
  });

  it('accepts CRLF, CR and LF line ends, a BOM, and a CRLF split across chunks', () => {
    expect(parse(['\uFEFFdata: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n'])).toEqual([
      { type: 'message', data: 'a', lastEventId: '' },
      { type: 'message', data: 'b', lastEventId: '' },
      { type: 'message', data: 'c', lastEventId: '' },
    ]);
  });

  it('ignores events without data, unknown fields, retry, and an id with NUL', () => {
    expect(parse(['event: x\n\nretry: 10\nfoo: bar\nid: a\0b\ndata\n\n'])).toEqual([
      { type: 'message', data: '', lastEventId: '' },
    ]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    expect(parse(['data: partial'])).toEqual([]);
    expect(parse(['data: part', 'ial\n', '\n'])).toEqual([
      { type: 'message', data: 'partial', lastEventId: '' },
    ]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const stream =
      'id: 1\ndata: {"seq":1}\n\n:keep-alive\r\n\r\nid: 2\r\ndata: {"seq":2}\r\n\r\ndata: x\ry\r\r';
    const whole = parse([stream]);
    expect(whole).toHaveLength(3);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }),
        (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) =>
            stream.slice(start, points[i] ?? stream.length),
          );
          expect(parse(chunks)).toEqual(whole);
        },
      ),
    );
  });
});
