import { STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { makeStatusDocument } from '../test/support/status-document';
import { MonitorClientError } from './errors';
import { readFrame, readStatusBody } from './normalize';

describe('normalize', () => {
  const status = makeStatusDocument();

  it('reads a WebSocket/SSE envelope and an HTTP body into the same update', () => {
    const envelope = {
      type: STATUS_UPDATE_TYPE,
      timestamp: status.timestamp,
      seq: 12,
      data: status,
    };
    expect(readFrame(JSON.stringify(envelope))).toEqual({
      kind: 'update',
      update: { status, seq: 12 },
    });
    expect(readStatusBody(JSON.parse(JSON.stringify(status)))).toEqual({ status, seq: null });
  });

  it('recognises pong, turns server errors and junk into protocol errors', () => {
    expect(readFrame('{"type":"pong","timestamp":"2026-01-01T00:00:00Z"}')).toEqual({
      kind: 'pong',
    });
    const serverError = readFrame({ type: 'error', code: 'RATE', message: 'slow down' });
    expect(serverError).toMatchObject({ kind: 'error', error: { code: 'protocol' } });
    expect(readFrame('<html>')).toMatchObject({ kind: 'error', error: { code: 'protocol' } });
    const bad = readStatusBody({ ...status, overall_status: 'fine' });
    expect(bad).toBeInstanceOf(MonitorClientError);
    expect(readStatusBody({ ...status, timestamp: 'yesterday' })).toBeInstanceOf(
      MonitorClientError,
    );
  });
});
