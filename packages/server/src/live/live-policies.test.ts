import { describe, expect, it } from 'vitest';
import { ConnectionLimits } from './connection-limits';
import { ConnectionRegistry } from './connection-registry';
import { HandshakeRate } from '../access/handshake-rate';
import { heartbeatAction, sweepIntervalMs } from './heartbeat';
import type { LiveClient } from './live-client';
import { isOriginAllowed } from '../access/origin-policy';
import { decideDelivery } from './slow-client-policy';
import { clientAddress, normaliseAddress, proxyTrustOf } from '../access/client-address';
import type { IncomingMessage } from 'node:http';

describe('decideDelivery', () => {
  const policy = { maxBufferedBytes: 1000, maxStuckMs: 5000 };
  it('sends under the threshold, skips over it, closes when stuck past the limit', () => {
    expect(decideDelivery(1000, null, 0, policy)).toBe('send');
    expect(decideDelivery(1000, 0, 99_999, policy)).toBe('send');
    expect(decideDelivery(1001, null, 0, policy)).toBe('skip');
    expect(decideDelivery(1001, 100, 5099, policy)).toBe('skip');
    expect(decideDelivery(1001, 100, 5100, policy)).toBe('close');
  });
});

describe('heartbeatAction', () => {
  const settings = {
    pingIntervalMs: 25_000,
    timeoutMs: 60_000,
    sweepMs: sweepIntervalMs(25_000, 60_000),
  };
  const client = {
    transport: 'websocket' as const,
    lastSeenAt: 0,
    lastHeartbeatAt: 0,
    rotateAt: 1_800_000,
  };
  it('sweeps at a fifth of the shorter period, never under 20 ms', () => {
    expect(settings.sweepMs).toBe(5000);
    expect(sweepIntervalMs(50, 100)).toBe(20);
  });
  it('pings so that pings are never more than the interval apart', () => {
    expect(heartbeatAction(client, 19_999, settings)).toBe('none');
    expect(heartbeatAction(client, 20_001, settings)).toBe('ping');
  });
  it('terminates a WebSocket peer silent for the timeout, never an SSE one', () => {
    expect(heartbeatAction(client, 60_000, settings)).toBe('terminate');
    expect(heartbeatAction({ ...client, lastSeenAt: 1 }, 60_000, settings)).toBe('ping');
    expect(heartbeatAction({ ...client, transport: 'sse' }, 60_000, settings)).toBe('ping');
  });
  it('rotates at the rotation time', () => {
    expect(
      heartbeatAction(
        { ...client, lastSeenAt: 1_799_000, lastHeartbeatAt: 1_799_000 },
        1_800_000,
        settings,
      ),
    ).toBe('rotate');
  });
});

describe('HandshakeRate', () => {
  it('allows a burst of the per-minute figure, then one per 60/n seconds, per address', () => {
    let now = 0;
    const rate = new HandshakeRate(6, () => now);
    for (let i = 0; i < 6; i++) expect(rate.take('a')).toBe(0);
    expect(rate.take('a')).toBe(10);
    expect(rate.take('b')).toBe(0);
    now += 10_000;
    expect(rate.take('a')).toBe(0);
    expect(rate.take('a')).toBeGreaterThan(0);
  });
  it('forgets addresses whose bucket is full again', () => {
    let now = 0;
    const rate = new HandshakeRate(6, () => now);
    rate.take('a');
    rate.take('b');
    now += 120_000;
    rate.take('c');
    expect(rate.size).toBe(1);
  });
});

describe('isOriginAllowed', () => {
  it('allows requests without Origin (not a browser)', () => {
    expect(isOriginAllowed(undefined, 'monitor.example.org', [])).toBe(true);
  });
  it('allows only the same origin when CORS_ORIGINS is unset', () => {
    expect(isOriginAllowed('http://localhost:8000', 'localhost:8000', [])).toBe(true);
    expect(isOriginAllowed('https://monitor.example.org', 'MONITOR.example.org:443', [])).toBe(
      true,
    );
    expect(isOriginAllowed('http://evil.example', 'localhost:8000', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:5173', 'localhost:8000', [])).toBe(false);
    expect(isOriginAllowed('null', 'localhost:8000', [])).toBe(false);
  });
  it('allows exactly the listed origins (or any with *) when CORS_ORIGINS is set', () => {
    const origins = ['https://dash.example.org'];
    expect(isOriginAllowed('https://dash.example.org', 'api.example.org', origins)).toBe(true);
    expect(isOriginAllowed('http://dash.example.org', 'api.example.org', origins)).toBe(false);
    expect(isOriginAllowed('https://api.example.org', 'api.example.org', origins)).toBe(false);
    expect(isOriginAllowed('https://anything.example', 'x', ['*'])).toBe(true);
  });
});

describe('ConnectionLimits', () => {
  const fakeClient = (ip: string) => ({ ip, transport: 'websocket' }) as LiveClient;
  const request = { ip: '10.0.0.1', origin: undefined, host: 'monitor:8000' };

  it('refuses in order: shutting down, origin, handshake rate, per address, total', () => {
    const registry = new ConnectionRegistry();
    const settings = {
      maxConnections: 3,
      maxConnectionsPerIp: 2,
      handshakesPerIpPerMinute: 100,
      corsOrigins: [],
    };
    const limits = new ConnectionLimits(
      settings,
      registry,
      () => 0,
      () => 0,
    );
    expect(limits.admit(request)).toBeNull();
    expect(limits.admit({ ...request, origin: 'http://evil.example' })).toMatchObject({
      statusCode: 403,
      reason: 'origin',
    });
    registry.add(fakeClient('10.0.0.1'));
    registry.add(fakeClient('10.0.0.1'));
    expect(limits.admit(request)).toMatchObject({ statusCode: 429, reason: 'per_ip' });
    registry.add(fakeClient('10.0.0.2'));
    expect(limits.admit({ ...request, ip: '10.0.0.3' })).toMatchObject({
      statusCode: 503,
      reason: 'max_connections',
      retryAfterSeconds: 5,
    });
    limits.stopAccepting();
    expect(limits.admit({ ...request, ip: '10.0.0.9' })).toMatchObject({
      statusCode: 503,
      reason: 'shutting_down',
    });
  });

  it('limits handshakes per address per minute', () => {
    const limits = new ConnectionLimits(
      {
        maxConnections: 100,
        maxConnectionsPerIp: 100,
        handshakesPerIpPerMinute: 2,
        corsOrigins: [],
      },
      new ConnectionRegistry(),
      () => 0,
    );
    expect(limits.admit(request)).toBeNull();
    expect(limits.admit(request)).toBeNull();
    expect(limits.admit(request)).toMatchObject({
      statusCode: 429,
      reason: 'handshake_rate',
      retryAfterSeconds: 30,
    });
  });

  it('refuses beyond MAX_HANDSHAKES_PER_SECOND (all addresses) with 503 and a Retry-After', () => {
    const limits = new ConnectionLimits(
      {
        maxConnections: 100,
        maxConnectionsPerIp: 100,
        handshakesPerIpPerMinute: 100,
        maxHandshakesPerSecond: 2,
        corsOrigins: [],
      },
      new ConnectionRegistry(),
      () => 0,
      () => 0,
    );
    expect(limits.admit({ ...request, ip: '10.0.0.1' })).toBeNull();
    expect(limits.admit({ ...request, ip: '10.0.0.2' })).toBeNull();
    expect(limits.admit({ ...request, ip: '10.0.0.3' })).toMatchObject({
      statusCode: 503,
      reason: 'accept_rate',
      code: 'SERVER_BUSY',
      retryAfterSeconds: 1,
    });
  });
});

describe('clientAddress', () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    }) as unknown as IncomingMessage;
  it('uses the peer, or the right-most X-Forwarded-For (what the trusted proxy saw) behind one', () => {
    expect(
      clientAddress(request('::ffff:10.1.2.3', '1.1.1.1'), proxyTrustOf({ trustProxy: false })),
    ).toBe('10.1.2.3');
    expect(
      clientAddress(request('127.0.0.1', '203.0.113.9'), proxyTrustOf({ trustProxy: true })),
    ).toBe('203.0.113.9');
    // Regression: a client that writes its own X-Forwarded-For through an appending proxy
    // used to be counted as whatever address it wrote.
    expect(
      clientAddress(
        request('127.0.0.1', '6.6.6.6, 203.0.113.9'),
        proxyTrustOf({ trustProxy: true }),
      ),
    ).toBe('203.0.113.9');
    expect(normaliseAddress('::1')).toBe('::1');
  });
});
