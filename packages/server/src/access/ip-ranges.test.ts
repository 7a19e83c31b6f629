import type { IncomingMessage } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config';
import { clientAddress, fastifyTrustProxy, proxyTrustOf } from './client-address';
import { ConnectionLimits } from '../live/connection-limits';
import { ConnectionRegistry } from '../live/connection-registry';
import { HandshakeRate } from './handshake-rate';
import { addressBucket, createProxyTrust, normaliseAddress } from './ip-ranges';
import type { LiveClient } from '../live/live-client';

describe('addressBucket', () => {
  it('keeps IPv4, folds IPv4-mapped IPv6 into IPv4, and counts IPv6 per /64 (review M5)', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:cb00:7109')).toBe('203.0.113.9');
    const bucket = addressBucket('2001:db8:1:2::1');
    expect(bucket).toBe('2001:db8:1:2::/64');
    for (const same of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:0:0:0:1',
      '2001:db8:1:2:a:b:1.2.3.4',
      '2001:db8:1:2::1%eth0',
    ])
      expect(addressBucket(same), same).toBe(bucket);
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(bucket);
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('keeps junk as its own short key', () => {
    expect(addressBucket('unknown')).toBe('unknown');
    expect(addressBucket('x'.repeat(500))).toHaveLength(64);
    expect(addressBucket(`${'1:'.repeat(300)}`)).toHaveLength(64);
  });

  it('normaliseAddress unwraps mapped IPv4 only', () => {
    expect(normaliseAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normaliseAddress('::1')).toBe('::1');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('createProxyTrust', () => {
  it('matches addresses, CIDRs and the named ranges, IPv4-mapped forms included', () => {
    const trust = createProxyTrust(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', 'loopback']);
    expect(trust('10.200.1.1')).toBe(true);
    expect(trust('::ffff:10.200.1.1')).toBe(true);
    expect(trust('11.0.0.1')).toBe(false);
    expect(trust('192.0.2.7')).toBe(true);
    expect(trust('192.0.2.8')).toBe(false);
    expect(trust('2001:db8:ffff::1')).toBe(true);
    expect(trust('2001:db9::1')).toBe(false);
    expect(trust('127.0.0.1')).toBe(true);
    expect(trust('::1')).toBe(true);
    expect(trust('junk')).toBe(false);
    expect(trust('')).toBe(false);
    const privateNets = createProxyTrust(['private']);
    for (const inside of ['10.1.1.1', '172.18.0.2', '192.168.1.1', 'fd00::1', 'fe80::1'])
      expect(privateNets(inside), inside).toBe(true);
    for (const outside of ['172.32.0.1', '8.8.8.8', '2001:db8::1', '127.0.0.1'])
      expect(privateNets(outside), outside).toBe(false);
  });

  it('refuses what is no address or range, naming the entry', () => {
    for (const bad of ['10.0.0.0/33', '::/129', 'example.org', '10.0.0.0/', '1.2.3.4/x', '*'])
      expect(() => createProxyTrust([bad]), bad).toThrow(bad);
  });
});

describe('TRUST_PROXY', () => {
  it('accepts true/false as before and a list of addresses, CIDRs and range names', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' })).toMatchObject({
      trustProxy: false,
      trustedProxies: [],
    });
    expect(loadConfig({ TRUST_PROXY: 'true' })).toMatchObject({
      trustProxy: true,
      trustedProxies: [],
    });
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, ::1 ,loopback' })).toMatchObject({
      trustProxy: true,
      trustedProxies: ['10.0.0.0/8', '::1', 'loopback'],
    });
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8, nginx' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8, nginx' })).toThrow(/TRUST_PROXY.*nginx/);
  });

  it('true trusts a proxy on loopback or a private network, never an arbitrary peer (review M5)', () => {
    const trust = proxyTrustOf({ trustProxy: true });
    expect(trust('127.0.0.1')).toBe(true);
    expect(trust('172.17.0.3')).toBe(true);
    expect(trust('203.0.113.9')).toBe(false);
  });
});

describe('clientAddress', () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    }) as unknown as IncomingMessage;

  it('ignores forwarded headers from a peer that is not a trusted proxy (review M5)', () => {
    const trust = proxyTrustOf({ trustProxy: true, trustedProxies: ['10.0.0.0/8'] });
    expect(clientAddress(request('203.0.113.9', '1.1.1.1'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1', '1.1.1.1'), trust)).toBe('127.0.0.1');
    expect(clientAddress(request('10.0.0.5', '1.1.1.1'), trust)).toBe('1.1.1.1');
  });

  it('walks through every trusted hop and stops at the first untrusted one', () => {
    const trust = proxyTrustOf({ trustProxy: true, trustedProxies: ['10.0.0.0/8'] });
    // client wrote 6.6.6.6; edge proxy 10.0.0.2 saw 198.51.100.7; inner proxy 10.0.0.1.
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2'), trust)).toBe(
      '198.51.100.7',
    );
    expect(clientAddress(request('10.0.0.1', '10.0.0.3, 10.0.0.2'), trust)).toBe('10.0.0.3');
    expect(clientAddress(request('10.0.0.1', ' , ,'), trust)).toBe('10.0.0.1');
    expect(clientAddress(request('::ffff:10.0.0.1', '::ffff:198.51.100.7'), trust)).toBe(
      '198.51.100.7',
    );
  });

  it('gives the same address as Fastify request.ip, so HTTP, SSE and WebSocket agree', async () => {
    const trust = proxyTrustOf({ trustProxy: true, trustedProxies: ['10.0.0.0/8', 'loopback'] });
    const app = Fastify({ trustProxy: fastifyTrustProxy(trust) });
    app.get('/ip', async (req) => ({ ip: normaliseAddress(req.ip ?? '') }));
    try {
      for (const [peer, forwarded] of [
        ['127.0.0.1', undefined],
        ['127.0.0.1', '6.6.6.6, 203.0.113.9'],
        ['203.0.113.50', '6.6.6.6'],
        ['10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2'],
        ['10.0.0.1', '10.0.0.3, 10.0.0.2'],
        ['10.0.0.1', '2001:db8::1'],
        ['::ffff:10.0.0.1', ' 203.0.113.1 ,, 10.9.9.9 '],
      ] as const) {
        const response = await app.inject({
          url: '/ip',
          remoteAddress: peer,
          headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
        });
        expect(response.json<{ ip: string }>().ip, `${peer} ${forwarded}`).toBe(
          clientAddress(request(peer, forwarded), trust),
        );
      }
    } finally {
      await app.close();
    }
  });
});

describe('per-address limits count an IPv6 /64 as one address (review M5)', () => {
  const client = (ip: string, id: number) =>
    ({ id, ip, transport: 'websocket' }) as unknown as LiveClient;

  it('MAX_CONNECTIONS_PER_IP: a client rotating through its /64 is still one address', () => {
    const registry = new ConnectionRegistry();
    const limits = new ConnectionLimits(
      {
        maxConnections: 100,
        maxConnectionsPerIp: 2,
        handshakesPerIpPerMinute: 1000,
        corsOrigins: [],
      },
      registry,
      () => 0,
    );
    const request = { origin: undefined, host: 'x' };
    const first = client('2001:db8:0:1::1', 1);
    expect(limits.admit({ ...request, ip: first.ip })).toBeNull();
    registry.add(first);
    expect(limits.admit({ ...request, ip: '2001:db8:0:1::2' })).toBeNull();
    registry.add(client('2001:db8:0:1::2', 2));
    expect(limits.admit({ ...request, ip: '2001:db8:0:1::3' })).toMatchObject({
      statusCode: 429,
      reason: 'per_ip',
    });
    expect(limits.admit({ ...request, ip: '2001:db8:0:2::1' })).toBeNull();
    expect(registry.countForIp('2001:db8:0:1::ffff')).toBe(2);
    registry.delete(first);
    expect(registry.countForIp('2001:db8:0:1::ffff')).toBe(1);
  });

  it('HANDSHAKES_PER_IP_PER_MINUTE: one bucket per /64, and a bounded number of buckets', () => {
    const rate = new HandshakeRate(3, () => 0, 10);
    for (let i = 1; i <= 3; i++) expect(rate.take(`2001:db8:0:1::${i.toString(16)}`)).toBe(0);
    expect(rate.take('2001:db8:0:1::99')).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) rate.take(`2001:db8:${i.toString(16)}::1`);
    expect(rate.size).toBeLessThanOrEqual(10);
  });

  it('tokenless handshakes spend their own budget, never the authenticated one', () => {
    let now = 0;
    const limits = new ConnectionLimits(
      {
        maxConnections: 100,
        maxConnectionsPerIp: 100,
        handshakesPerIpPerMinute: 1e6,
        maxHandshakesPerSecond: 10,
        corsOrigins: [],
      },
      new ConnectionRegistry(),
      () => now,
      () => 0,
    );
    const request = { ip: '203.0.113.9', origin: undefined, host: 'x' };
    expect(limits.admit({ ...request, authenticated: false })).toBeNull();
    expect(limits.admit({ ...request, authenticated: false })).toMatchObject({
      statusCode: 503,
      reason: 'unauthenticated_rate',
    });
    for (let i = 0; i < 10; i++) expect(limits.admit(request)).toBeNull();
    expect(limits.admit(request)).toMatchObject({ reason: 'accept_rate' });
    now = 1000;
    expect(limits.admit({ ...request, authenticated: true })).toBeNull();
  });
});
