import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './messages';
import { STATUS_UPDATE_TYPE } from './message-types';
import { parseServerMessage } from './parse-server-message';

describe('parseClientMessage', () => {
  it('reads keep-alive text and {"type":"ping"} as a ping', () => {
    for (const raw of ['ping', ' keep-alive ', 'HEARTBEAT', '{"type":"ping"}']) {
      expect(parseClientMessage(raw)).toEqual({ ok: true, value: { type: 'ping' } });
    }
  });

  it('reads a refresh request', () => {
    expect(parseClientMessage('{"type":"refresh"}')).toEqual({
      ok: true,
      value: { type: 'refresh' },
    });
  });

  it('refuses everything else with a reason, never throwing', () => {
    expect(parseClientMessage('{"type":"subscribe"}')).toEqual({
      ok: false,
      error: 'unknown message type "subscribe"',
    });
    expect(parseClientMessage('{"hello":1}')).toEqual({ ok: false, error: 'missing "type"' });
    expect(parseClientMessage('{not json')).toEqual({
      ok: false,
      error: 'not JSON and not a keep-alive',
    });
    expect(parseClientMessage(Buffer.from('ping'))).toEqual({
      ok: false,
      error: 'expected a text frame',
    });
    expect(parseClientMessage('null')).toEqual({ ok: false, error: 'missing "type"' });
  });
});

describe('parseServerMessage', () => {
  it('accepts pong and error messages, from text or parsed', () => {
    expect(parseServerMessage('{"type":"pong","timestamp":"2026-01-01T00:00:00Z"}').ok).toBe(true);
    expect(parseServerMessage({ type: 'error', code: 'BAD', message: 'bad' }).ok).toBe(true);
  });

  it('refuses an update whose document is incomplete', () => {
    const result = parseServerMessage({
      type: STATUS_UPDATE_TYPE,
      timestamp: 'x',
      seq: 1,
      data: { timestamp: 'x' },
    });
    expect(result.ok).toBe(false);
  });

  it('refuses garbage', () => {
    expect(parseServerMessage('<html>')).toEqual({ ok: false, error: 'not JSON' });
    expect(parseServerMessage(42)).toEqual({ ok: false, error: 'not a known server message' });
  });
});
