import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, PATHS } from '@naija-monitor/protocol';
import { redactUrl } from '../src/http/log-redaction';
import { MAX_URL_BYTES } from '../src/access/security';
import { MESSAGE_RATE } from '../src/live/ws-client';
import { createScratchPostgres, type ScratchPostgres } from './support/fault-database';
import { decodeServerFrames, encodeFrame, openRawWebSocket } from './support/fault-ws-frames';
import { spawnServer, type ServerProcess } from './support/fault-server-process';
import { PUNCH_SOURCE } from './support/ingest-fixtures';
import { attemptHandshake, TestWsClient } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

const READ_TOKEN = 'read-token-7f3c9a1e5b';
const INGEST_TOKEN = 'ingest-token-2d8e6b4f0a';

/** Sends raw bytes and returns the status line of the answer (or '' if the socket closed). */
function rawStatusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('connect', () => socket.end(request, 'latin1'));
  });
}

describe('redactUrl', () => {
  it('hides the values of secret query parameters and nothing else', () => {
    expect(redactUrl('/stream?token=abc&lastEventId=5')).toBe(
      '/stream?token=[redacted]&lastEventId=5',
    );
    expect(redactUrl('/s?x=1&TOKEN=a%20b&api_key=k&token')).toBe(
      '/s?x=1&TOKEN=[redacted]&api_key=[redacted]&token',
    );
    expect(redactUrl('/s?%74oken=abc')).toBe('/s?%74oken=[redacted]');
    expect(redactUrl('/plain')).toBe('/plain');
    expect(redactUrl('/bad?%E0%A4%A=1&token=z')).toBe('/bad?%E0%A4%A=1&token=[redacted]');
  });
});

describe('security of a running server (OWASP WebSocket and HTTP checks)', () => {
  let server: LiveServer;
  let open: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({
      config: {
        authTokens: [READ_TOKEN],
        ingestTokens: [INGEST_TOKEN],
        corsOrigins: ['https://dashboard.example.ng'],
        allowedHosts: ['monitor.example.ng'],
      },
    });
    // No tokens: reads are open, writes closed.
    open = await startLiveServer();
  });
  afterAll(async () => {
    await server?.close();
    await open?.close();
  });

  it('asks for the token on every transport that reads status: WebSocket (4001), SSE, HTTP status, metrics, alerts', async () => {
    const ws = await TestWsClient.open(server.wsUrl(undefined, { token: 'wrong' }));
    expect((await ws.closed).code).toBe(CLOSE_CODES.UNAUTHORIZED);
    const good = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }));
    await good.waitForUpdates(1, 10_000);
    good.close();
    for (const path of [
      PATHS.status,
      PATHS.sse,
      PATHS.metrics,
      '/api/v1/monitoring/metrics',
      '/api/v1/alerts',
      '/api/v1/silences',
    ]) {
      const response = await server.app.inject({
        url: path,
        headers: { authorization: 'Bearer nope' },
      });
      expect(response.statusCode, path).toBe(401);
    }
    const withToken = await server.app.inject({
      url: PATHS.status,
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect(withToken.statusCode).toBe(200);
    // Health stays public (load balancers); it tells nothing about the pipeline's data.
    expect((await server.app.inject({ url: PATHS.health[0] })).statusCode).toBe(200);
  });

  it('keeps the read token and the ingest token apart', async () => {
    const batch = { sources: [PUNCH_SOURCE] };
    const asReader = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/sources',
      headers: { authorization: `Bearer ${READ_TOKEN}` },
      payload: batch,
    });
    expect(asReader.statusCode).toBe(401);
    const asIngest = await server.app.inject({
      url: PATHS.status,
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    expect(asIngest.statusCode).toBe(401);
  });

  it('refuses a WebSocket or SSE from an Origin outside CORS_ORIGINS (403), accepts a listed one', async () => {
    const refused = await attemptHandshake(server.wsUrl(undefined, { token: READ_TOKEN }), {
      origin: 'https://evil.example',
    });
    expect(refused?.statusCode).toBe(403);
    const sse = await server.app.inject({
      url: `${PATHS.sse}?token=${READ_TOKEN}`,
      headers: { origin: 'https://evil.example' },
    });
    expect(sse.statusCode).toBe(403);
    const allowed = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }), {
      origin: 'https://dashboard.example.ng',
    });
    await allowed.waitForUpdates(1, 10_000);
    allowed.close();
  });

  // Regression: loopback trust (no INGEST_TOKENS / AUTH_TOKENS) was granted to any request from
  // 127.0.0.1: a browser on this host sending for a page of another site (CSRF), a DNS-rebinding
  // name, or anyone behind a proxy or tunnel on this host. Now no write is open without a token.
  it('without tokens, ingest and alert changes are refused from this host too, whatever the Origin', async () => {
    const payload = { sources: [PUNCH_SOURCE] };
    for (const origin of [
      undefined,
      'https://evil.example',
      'http://rebind.evil.example:8000',
      'http://127.evil.example',
      'null',
      'http://localhost:8000',
    ]) {
      const headers = origin === undefined ? {} : { origin };
      const ingest = await open.app.inject({
        method: 'POST',
        url: '/api/v1/ingest/sources',
        payload,
        headers,
      });
      expect(ingest.statusCode, origin).toBe(403);
      const silence = await open.app.inject({
        method: 'POST',
        url: '/api/v1/silences',
        headers,
        payload: { matchers: { rule: 'x' }, comment: 'c', duration_seconds: 60 },
      });
      expect(silence.statusCode, origin).toBe(403);
    }
  });

  it('sends security headers and a CSP that lets the dashboard reach only its own host over WebSocket', async () => {
    const response = await server.app.inject({
      url: '/config.js',
      headers: { host: 'monitor.example.ng:8000' },
    });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];
    // Regression: the policy listed bare `ws:` and `wss:`, any host.
    expect(connect).not.toContain('ws:');
    expect(connect).not.toContain('wss:');
    expect(connect).toEqual(
      expect.arrayContaining([
        "'self'",
        'ws://monitor.example.ng:8000',
        'wss://monitor.example.ng:8000',
      ]),
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    // A Host that is not a plain host[:port] never reaches the policy.
    const odd = await server.app.inject({
      url: '/config.js',
      headers: { host: "x; script-src 'unsafe-inline'" },
    });
    expect(String(odd.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });

  it('bounds the request target: 414 over MAX_URL_BYTES on HTTP and on the WebSocket handshake', async () => {
    const long = `${PATHS.status}?token=${READ_TOKEN}&pad=${'p'.repeat(MAX_URL_BYTES)}`;
    const response = await server.app.inject({ url: long });
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ error: 'URI_TOO_LONG', field: 'url' });
    const refused = await attemptHandshake(
      `${server.wsUrl(undefined, { token: READ_TOKEN })}&pad=${'p'.repeat(MAX_URL_BYTES)}`,
    );
    expect(refused?.statusCode).toBe(414);
  });

  it('bounds headers: 431 over 16 KB of headers; a request with hundreds of headers is still answered', async () => {
    expect(
      await rawStatusLine(
        server.port,
        `GET ${PATHS.health[0]} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17 * 1024)}\r\nConnection: close\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 431/);
    const many = Array.from({ length: 500 }, (_, i) => `X-H${i}: ${i}`).join('\r\n');
    expect(
      await rawStatusLine(
        server.port,
        `GET ${PATHS.health[0]} HTTP/1.1\r\nHost: 127.0.0.1\r\n${many}\r\nConnection: close\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 200/);
  });

  it('bounds bodies: 413 over 1 MB', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/batch',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      payload: `{"events":[${'"x",'.repeat(300_000)}"x"]}`,
    });
    expect(response.statusCode).toBe(413);
  });

  // Regression: nothing bounded how many messages a client sends; each refresh is answered
  // with the whole document, so one client flooding refreshes slowed every other client's
  // updates (p99 event-loop lag 600 ms, updates 4x late in a 5 s flood).
  it('closes a client that floods messages with 1008 "Too many messages"; others keep their cadence', async () => {
    const bystander = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }));
    await bystander.waitForUpdates(1, 10_000);
    // A burst well within the budget is fine.
    const polite = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }));
    for (let i = 0; i < MESSAGE_RATE.burst - 5; i++) polite.ws.send('{"type":"ping"}');
    await polite.waitFor(
      () =>
        polite.received.filter((r) => r.message?.type === 'pong').length >= MESSAGE_RATE.burst - 5,
      10_000,
      'every pong',
    );
    const raw = await openRawWebSocket(server.port, `${PATHS.websocket[0]}?token=${READ_TOKEN}`);
    const refresh = encodeFrame({
      fin: true,
      rsv: 0,
      opcode: 1,
      masked: true,
      payload: new TextEncoder().encode('{"type":"refresh"}'),
    });
    const startedAt = performance.now();
    raw.socket.write(Buffer.concat(Array.from({ length: 5000 }, () => refresh)));
    await raw.settle(500, 10_000);
    const frames = decodeServerFrames(raw.received());
    const close = frames.find((f) => f.opcode === 8);
    expect(close?.payload.readUInt16BE(0)).toBe(1008);
    expect(close?.payload.subarray(2).toString()).toBe('Too many messages');
    // Answered at most its burst, not 5000 documents.
    expect(frames.filter((f) => f.opcode === 1).length).toBeLessThanOrEqual(MESSAGE_RATE.burst + 2);
    raw.socket.destroy();
    // The flood held nobody else up: the bystander goes on getting its updates.
    await expect
      .poll(() => bystander.updates().filter((u) => u.at >= startedAt).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    bystander.close();
    polite.close();
  });

  it('bounds WebSocket frames: 1009 over MAX_MESSAGE_BYTES', async () => {
    const client = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }));
    client.ws.send('x'.repeat(server.config.maxMessageBytes + 1));
    expect((await client.closed).code).toBe(1009);
    expect(client.ws.readyState).toBe(WebSocket.CLOSED);
  });
});

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({ config: { trustProxy: true, maxConnectionsPerIp: 1 } });
  });
  afterAll(async () => server?.close());

  // Regression: the left-most X-Forwarded-For entry was taken as the client, but a proxy that
  // appends keeps what the client wrote there, so a client dodged every per-address limit.
  it('counts a client by the address the proxy saw, whatever it writes in X-Forwarded-For', async () => {
    const first = await TestWsClient.open(server.wsUrl(), {
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
    });
    await first.waitForUpdates(1, 10_000);
    const again = await attemptHandshake(server.wsUrl(), {
      headers: { 'x-forwarded-for': '7.7.7.7, 203.0.113.9' },
    });
    expect(again?.statusCode).toBe(429);
    const sse = await server.app.inject({
      url: PATHS.sse,
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '8.8.8.8, 203.0.113.9' },
    });
    expect(sse.statusCode).toBe(429);
    const other = await TestWsClient.open(server.wsUrl(), {
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    await other.waitForUpdates(1, 10_000);
    first.close();
    other.close();
  });
});

describe('no secrets in the logs of a real server process', () => {
  let proc: ServerProcess | undefined;
  let scratch: ScratchPostgres | undefined;
  beforeAll(async () => {
    if (process.env.DATABASE_URL)
      scratch = await createScratchPostgres(process.env.DATABASE_URL, 'monitor_sec');
    proc = await spawnServer({
      ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: 'memory' }),
      AUTH_TOKENS: READ_TOKEN,
      INGEST_TOKENS: INGEST_TOKEN,
      // debug: status polls and metrics scrapes are logged only there (routine requests).
      LOG_LEVEL: 'debug',
    });
  }, 150_000);
  afterAll(async () => {
    await proc?.stop('SIGTERM');
    await scratch?.drop();
  });

  // Regression: Fastify logged every request URL as sent, `?token=` included.
  it('logs request URLs with ?token= redacted and never the Authorization header', async () => {
    const port = proc!.port;
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get(`${PATHS.status}?token=${READ_TOKEN}`)).toBe(200);
    expect(await get(`${PATHS.status}?token=${INGEST_TOKEN}-wrong`)).toBe(401);
    expect(await get(PATHS.metrics, { authorization: `Bearer ${READ_TOKEN}` })).toBe(200);
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}${PATHS.websocket[0]}?token=${READ_TOKEN}-wrong`,
    );
    await new Promise((resolve) => ws.on('close', resolve));
    await expect.poll(() => proc!.stdout(), { timeout: 5000 }).toMatch(/token=\[redacted\]/);
    const output = proc!.stdout() + proc!.stderr();
    expect(output).not.toContain(READ_TOKEN);
    expect(output).not.toContain(INGEST_TOKEN);
  });
});
