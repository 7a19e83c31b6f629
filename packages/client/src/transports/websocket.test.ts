import { CLOSE_CODES } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { endFromClose } from './websocket';

describe('endFromClose', () => {
  it('maps the contract close codes to what the client does', () => {
    expect(endFromClose(CLOSE_CODES.UNAUTHORIZED, 'Unauthorized')).toMatchObject({
      reason: 'unauthorized',
      error: { code: 'unauthorized' },
    });
    expect(endFromClose(CLOSE_CODES.NORMAL, 'rotation')).toEqual({
      reason: 'rotation',
      error: null,
      retryAfterMs: null,
    });
    for (const code of [CLOSE_CODES.SERVICE_RESTART, CLOSE_CODES.TRY_AGAIN_LATER, 1006, 1001]) {
      expect(endFromClose(code, '')).toMatchObject({
        reason: 'failed',
        error: { code: 'network' },
      });
    }
    expect(endFromClose(1012, 'restart').error?.message).toBe(
      'The server is restarting (WebSocket close 1012 restart)',
    );
  });
});
