import { describe, expect, it } from 'vitest';
import { refusalOf, retryAfterMs } from './http-response';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-01-28T15:30:00Z');
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('Wed, 28 Jan 2026 15:30:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 28 Jan 2026 15:29:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('-3', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('refusalOf', () => {
  it('stops on 401 and 403, retries other failures with Retry-After, passes 2xx', () => {
    expect(refusalOf(new Response(null, { status: 401 }), 'HTTP')?.reason).toBe('unauthorized');
    expect(refusalOf(new Response(null, { status: 403 }), 'HTTP')?.error?.code).toBe(
      'unauthorized',
    );
    const busy = refusalOf(
      new Response(null, { status: 503, headers: { 'Retry-After': '2' } }),
      'SSE',
    );
    expect(busy).toMatchObject({ reason: 'failed', retryAfterMs: 2000 });
    expect(busy?.error?.message).toBe('SSE: HTTP 503');
    expect(refusalOf(new Response('{}', { status: 200 }), 'HTTP')).toBeNull();
  });
});
