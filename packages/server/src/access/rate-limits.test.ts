import { describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { bucketOf, clientKey } from './rate-limits';

describe('bucketOf', () => {
  it('puts each limited route in its bucket and leaves health and the dashboard alone', () => {
    expect(bucketOf('GET', PATHS.status)).toBe('reads');
    expect(bucketOf('GET', PATHS.metrics)).toBe('reads');
    expect(bucketOf('GET', '/api/v1/alerts/:id')).toBe('reads');
    expect(bucketOf('GET', '/api/v1/alert-audit')).toBe('reads');
    expect(bucketOf('GET', '/api/v1/silences')).toBe('reads');
    expect(bucketOf('GET', PATHS.sse)).toBe('sse');
    expect(bucketOf('POST', '/api/v1/ingest/batch')).toBe('ingest');
    expect(bucketOf('POST', '/api/v1/alerts/:id/ack')).toBe('alertWrites');
    expect(bucketOf('DELETE', '/api/v1/alerts/:id/ack')).toBe('alertWrites');
    expect(bucketOf('POST', '/api/v1/silences')).toBe('alertWrites');
    expect(bucketOf('DELETE', '/api/v1/silences/:id')).toBe('alertWrites');
    for (const path of [...PATHS.health, '/api/health/live', '/', '/*', '/config.js', '/docs']) {
      expect(bucketOf('GET', path), path).toBeNull();
    }
  });
});

describe('clientKey', () => {
  it('groups IPv6 by /64 and never throws for a peer that has gone (ip undefined)', () => {
    const key = (ip: string | undefined, remoteAddress?: string) =>
      clientKey({ ip, socket: { remoteAddress } } as unknown as Parameters<typeof clientKey>[0]);
    expect(key('2001:db8:1:2::1')).toBe(key('2001:db8:1:2:ffff::9'));
    expect(key('2001:db8:1:2::1')).not.toBe(key('2001:db8:1:3::1'));
    expect(key(undefined, '203.0.113.7')).toBe(key('203.0.113.7'));
    expect(key(undefined, undefined)).toBe('unknown-peer');
  });
});
