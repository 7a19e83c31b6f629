import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { exposureWarnings } from '../src/http/exposure-warnings';
import { ensureIngestToken } from '../src/ingest-token-file';
import { loadConfig, testConfig } from '../src/config';
import { pipelineBatch, PUNCH_SOURCE } from './support/ingest-fixtures';
import { attemptHandshake } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

/**
 * The server as exposed to the network: no write without a token (H1), the Host allow-list
 * against DNS rebinding (H2), and the per-client HTTP rate limits (M7).
 */

interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request over a real socket with exactly these headers (fetch would not send `Host`). */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers, setHost: !('host' in headers) },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        // An SSE stream never ends by itself: the head and first bytes are enough.
        const done = () => {
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: text });
          res.destroy();
        };
        if (res.statusCode === 200 && String(res.headers['content-type']).includes('event-stream'))
          res.once('data', done);
        else res.on('end', done);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const INGEST = 'ingest-token-for-tests-0001';
/** Starting a server takes seconds, more on a loaded machine. */
const SERVER_START_MS = 120_000;
const ADMIN = 'admin-token-for-tests-00001';

describe('writes need a token, loopback included (H1)', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({
      config: { ingestTokens: [INGEST], adminTokens: [{ name: 'ops', secret: ADMIN }] },
    });
  }, SERVER_START_MS);
  afterAll(async () => server?.close());

  it('refuses forwarded requests from 127.0.0.1 with TRUST_PROXY off: ingest and alert writes', async () => {
    expect(server.config.trustProxy).toBe(false);
    const json = { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' };
    const variants: Array<Record<string, string>> = [
      {},
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
    ];
    for (const extra of variants) {
      const ingest = await send(
        server.port,
        '/api/v1/ingest/sources',
        { ...json, ...extra },
        'POST',
        JSON.stringify({ sources: [PUNCH_SOURCE] }),
      );
      expect([401, 403]).toContain(ingest.statusCode);
      const silence = await send(
        server.port,
        '/api/v1/silences',
        { ...json, ...extra },
        'POST',
        JSON.stringify({ matchers: { rule: 'x' }, comment: 'x', duration_seconds: 600 }),
      );
      expect([401, 403]).toContain(silence.statusCode);
    }
    // The right tokens do work.
    const ok = await send(
      server.port,
      '/api/v1/ingest/sources',
      { ...json, authorization: `Bearer ${INGEST}` },
      'POST',
      JSON.stringify({ sources: [PUNCH_SOURCE] }),
    );
    expect(ok.statusCode).toBe(201);
  });
});

describe('the generated ingest token (no INGEST_TOKENS)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it(
    'is written 0600 under the data directory, reused by the next start, and accepted',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ingest-token-'));
      dirs.push(dataDir);
      const first = ensureIngestToken(join(dataDir, 'nested'));
      expect(first.created).toBe(true);
      expect(first.path).toBe(join(dataDir, 'nested', 'ingest-token'));
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      expect(readFileSync(first.path, 'utf8').trim()).toBe(first.token);
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      const again = ensureIngestToken(join(dataDir, 'nested'));
      expect(again).toEqual({ ...first, created: false });

      const server = await startLiveServer({ config: { ingestTokens: [again.token] } });
      try {
        const post = (authorization?: string) =>
          send(
            server.port,
            '/api/v1/ingest/sources',
            {
              'content-type': 'application/json',
              ...(authorization ? { authorization } : {}),
            },
            'POST',
            JSON.stringify({ sources: [PUNCH_SOURCE] }),
          );
        expect((await post()).statusCode).toBe(401);
        expect((await post(`Bearer ${first.token}`)).statusCode).toBe(201);
        const batch = await send(
          server.port,
          '/api/v1/ingest/batch',
          { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
          'POST',
          JSON.stringify(pipelineBatch()),
        );
        expect(batch.statusCode).toBe(201);
      } finally {
        await server.close();
      }
    },
    SERVER_START_MS,
  );

  it('refuses a file that holds no usable token, naming what to do', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ingest-token-'));
    dirs.push(dataDir);
    ensureIngestToken(dataDir);
    const path = join(dataDir, 'ingest-token');
    writeFileSync(path, 'short\n');
    expect(() => ensureIngestToken(dataDir)).toThrow(/delete it|INGEST_TOKENS/);
  });
});

describe('Host and Origin (H2, DNS rebinding)', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
  }, SERVER_START_MS);
  afterAll(async () => server?.close());

  it('answers 421 to a Host outside ALLOWED_HOSTS, on HTTP and SSE, with what to set', async () => {
    const rebinding = { host: 'rebind.evil:8000', origin: 'http://rebind.evil:8000' };
    for (const path of [PATHS.status, PATHS.sse, '/api/v1/alerts', PATHS.metrics, '/']) {
      const answer = await send(server.port, path, rebinding);
      expect(answer.statusCode, path).toBe(421);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: 'MISDIRECTED_REQUEST',
        statusCode: 421,
        field: 'host',
      });
      expect(answer.body).toMatch(/ALLOWED_HOSTS/);
    }
    // A name made to look like loopback is still a name.
    const lookalike = await send(server.port, PATHS.status, { host: '127.evil.example:8000' });
    expect(lookalike.statusCode).toBe(421);
  });

  it('answers 421 to the WebSocket handshake too', async () => {
    const refused = await attemptHandshake(server.wsUrl(), {
      headers: { host: 'rebind.evil:8000' },
      origin: 'http://rebind.evil:8000',
    });
    expect(refused?.statusCode).toBe(421);
    expect(refused?.body).toMatch(/ALLOWED_HOSTS/);
  });

  it(
    'serves loopback literals and localhost on any port, and the listed names',
    async () => {
      for (const host of ['127.0.0.1:1234', 'localhost', '[::1]:8000', 'LOCALHOST:9']) {
        expect((await send(server.port, PATHS.status, { host })).statusCode, host).toBe(200);
      }
      expect(await attemptHandshake(server.wsUrl())).toBeNull();
      const listed = await startLiveServer({
        config: { allowedHosts: ['monitor.example.org', '203.0.113.5:8000'] },
      });
      try {
        const status = (host: string) => send(listed.port, PATHS.status, { host });
        expect((await status('monitor.example.org')).statusCode).toBe(200);
        expect((await status('Monitor.Example.Org.:443')).statusCode).toBe(200);
        expect((await status('203.0.113.5:8000')).statusCode).toBe(200);
        expect((await status('203.0.113.5:8001')).statusCode).toBe(421);
        expect((await status('evil.example.org')).statusCode).toBe(421);
      } finally {
        await listed.close();
      }
    },
    SERVER_START_MS,
  );

  it('refuses an Origin that only looks like loopback (http://127.evil.example)', async () => {
    const refused = await attemptHandshake(server.wsUrl(), { origin: 'http://127.evil.example' });
    expect(refused?.statusCode).toBe(403);
    const sse = await send(server.port, PATHS.sse, { origin: 'http://127.evil.example' });
    expect(sse.statusCode).toBe(403);
  });

  it('answers the health routes whatever the Host (orchestrator probes use pod IPs)', async () => {
    for (const path of [...PATHS.health, '/api/health/live']) {
      expect((await send(server.port, path, { host: '10.1.2.3:8000' })).statusCode, path).toBe(200);
    }
    expect((await send(server.port, PATHS.status, { host: '10.1.2.3:8000' })).statusCode).toBe(421);
  });

  it('adds PUBLIC_URL to the default list', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://monitor.example.org/' }).allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'monitor.example.org',
    ]);
  });
});

describe('HTTP rate limits (M7)', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({
      config: {
        ingestTokens: [INGEST],
        rateLimits: {
          statusPerMinute: 5,
          sseOpensPerMinute: 2,
          ingestPerMinute: 3,
          alertWritesPerMinute: 2,
          authFailuresPerMinute: 4,
        },
      },
    });
  }, SERVER_START_MS);
  afterAll(async () => server?.close());

  const expectLimited = (answer: Answer, setting: string) => {
    expect(answer.statusCode).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'RATE_LIMITED', statusCode: 429 });
    expect(answer.body).toContain(setting);
  };

  it('limits status polling per client with 429, Retry-After and a JSON body', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await send(server.port, PATHS.status, {})).statusCode).toBe(200);
    }
    expectLimited(await send(server.port, PATHS.status, {}), 'STATUS_REQUESTS_PER_IP_PER_MINUTE');
  });

  it('never limits the health routes', async () => {
    for (let i = 0; i < 20; i += 1) {
      for (const path of [...PATHS.health, '/api/health/live']) {
        expect((await send(server.port, path, {})).statusCode, path).toBe(200);
      }
    }
  });

  it('limits SSE opens, ingest and alert writes, each in its own bucket', async () => {
    for (let i = 0; i < 2; i += 1) {
      expect((await send(server.port, PATHS.sse, {})).statusCode).toBe(200);
    }
    expectLimited(await send(server.port, PATHS.sse, {}), 'SSE_OPENS_PER_IP_PER_MINUTE');

    const ingest = () =>
      send(
        server.port,
        '/api/v1/ingest/sources',
        { 'content-type': 'application/json', authorization: `Bearer ${INGEST}` },
        'POST',
        JSON.stringify({ sources: [PUNCH_SOURCE] }),
      );
    for (let i = 0; i < 3; i += 1) expect((await ingest()).statusCode).toBe(201);
    expectLimited(await ingest(), 'INGEST_REQUESTS_PER_IP_PER_MINUTE');
  });

  it(
    'after too many refused credentials, refuses everything but health for the window',
    async () => {
      const limited = await startLiveServer({
        config: {
          authTokens: ['read-token-for-tests-0001'],
          rateLimits: { ...server.config.rateLimits, authFailuresPerMinute: 3 },
        },
      });
      try {
        for (let i = 0; i < 3; i += 1) {
          expect((await send(limited.port, '/api/v1/alerts', {})).statusCode).toBe(401);
        }
        const blocked = await send(limited.port, '/api/v1/alerts', {
          authorization: 'Bearer read-token-for-tests-0001',
        });
        expectLimited(blocked, 'AUTH_FAILURES_PER_IP_PER_MINUTE');
        expect((await send(limited.port, PATHS.health[0], {})).statusCode).toBe(200);
      } finally {
        await limited.close();
      }
    },
    SERVER_START_MS,
  );

  it(
    'keeps alert writes in their own bucket',
    async () => {
      const writes = await startLiveServer({
        config: {
          adminTokens: [{ name: 'ops', secret: ADMIN }],
          rateLimits: { ...server.config.rateLimits, alertWritesPerMinute: 2 },
        },
      });
      try {
        const silence = () =>
          send(
            writes.port,
            '/api/v1/silences',
            { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
            'POST',
            JSON.stringify({ matchers: { rule: 'x' }, comment: 'x', duration_seconds: 600 }),
          );
        for (let i = 0; i < 2; i += 1) expect((await silence()).statusCode).toBe(201);
        expectLimited(await silence(), 'ALERT_WRITES_PER_IP_PER_MINUTE');
      } finally {
        await writes.close();
      }
    },
    SERVER_START_MS,
  );

  it('defaults leave room for a dashboard polling every 5 s and the demo pipeline', () => {
    const { rateLimits } = testConfig();
    // Status, metrics summary and alerts every 5 s: 36 reads a minute.
    expect(rateLimits.statusPerMinute).toBeGreaterThanOrEqual(36 * 10);
    // The demo pipeline posts about two requests per run, one run every 5 s.
    expect(rateLimits.ingestPerMinute).toBeGreaterThanOrEqual(24 * 10);
  });
});

describe('exposure warnings at start (M7)', () => {
  it('warns when reads are open on an address other hosts can reach', () => {
    expect(exposureWarnings(loadConfig({ HOST: '0.0.0.0' })).join('\n')).toMatch(
      /without AUTH_TOKENS/,
    );
    expect(exposureWarnings(loadConfig({ HOST: '127.0.0.1' })).join('\n')).not.toMatch(
      /without AUTH_TOKENS/,
    );
    expect(
      exposureWarnings(
        loadConfig({ HOST: '0.0.0.0', AUTH_TOKENS: 'r:read-token-0123456789' }),
      ).join('\n'),
    ).not.toMatch(/without AUTH_TOKENS/);
  });
});

describe('tokens stay out of logs outside the server (M6)', () => {
  it('the shipped nginx.conf logs the path without its query string (no ?token=)', () => {
    const conf = readFileSync(new URL('../../../deploy/nginx.conf', import.meta.url), 'utf8');
    const format = /log_format monitor ([\s\S]*?);/.exec(conf)?.[1] ?? '';
    expect(format).toContain('$uri');
    expect(format).not.toMatch(/\$request(?![_a-z])/);
    expect(format).not.toMatch(/\$request_uri|\$args|\$query_string/);
  });
});
