import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { PATHS } from '@naija-monitor/protocol';
import { watchUnhandledRejections } from './support/fault-database';
import { pipelineBatch, PUNCH_SOURCE } from './support/ingest-fixtures';
import { TestWsClient } from './support/live-clients';
import { startLiveServer, type LiveServer } from './support/live-server';

const INGEST_TOKEN = 'fuzz-ingest-token-0123456789';
const READ_TOKEN = 'fuzz-read-token-0123456789';
const INTERVAL_MS = 200;

/** What no answer may contain: a stack frame, a source path, a module path. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\.js:\d+/;

/** Every error answer: JSON `{error, message, statusCode}` and nothing from the inside. */
function expectSafeError(response: LightMyRequestResponse): { error: string; field?: string } {
  expect(response.body).not.toMatch(LEAK);
  if (response.statusCode === 304 || response.body === '') return { error: '' };
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as {
    error: unknown;
    message: unknown;
    statusCode: unknown;
    field?: string;
  };
  expect(body).toMatchObject({
    error: expect.any(String),
    message: expect.any(String),
    statusCode: response.statusCode,
  });
  return body as { error: string; field?: string };
}

/**
 * `inject` can settle within microtasks, so a tight loop of them would starve the timers of
 * the live side (a test artefact: real requests arrive through the event loop). Yield a turn.
 */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Every path to a value inside `value`, as keys. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  }
  return out;
}

type Mutation = { pick: number; op: 'delete' | 'replace' | 'add'; value: unknown; key: string };

/** Applies `mutation` to a deep copy of `body` (the node at index `pick` of its paths). */
function mutate(body: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const paths = pathsOf(copy);
  if (paths.length === 0)
    return mutation.op === 'delete' ? copy : { [mutation.key]: mutation.value };
  const path = paths[mutation.pick % paths.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (node, key) => node[key] as Record<string | number, unknown>,
      copy,
    );
  const last = path.at(-1)!;
  if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (mutation.op === 'replace') parent[last] = mutation.value;
  else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      (target as Record<string, unknown>)[mutation.key] = mutation.value;
    } else parent[last] = { [mutation.key]: mutation.value };
  }
  return copy;
}

const nastyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    'x'.repeat(5000),
    -1,
    1e308,
    2 ** 31,
    -(2 ** 63),
    0.5,
    true,
    null,
    [],
    {},
    '2026-13-45T99:99:99Z',
    '1970-01-01T00:00:00Z',
    '../../etc/passwd',
    "'; DROP TABLE sources; --",
    '\u0000',
    '\ud800',
    'NaN',
    'https://evil.example/\u202e',
    '00000000-0000-0000-0000-000000000000',
    '__proto__',
  ),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
  value: nastyValue,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('__proto__', 'constructor', 'id', 'extra'),
  ),
});

/** An ingest route and a valid body for it. */
function ingestCase(route: string): { url: string; body: unknown; runId: string | null } {
  const b = pipelineBatch();
  switch (route) {
    case 'sources':
      return { url: '/api/v1/ingest/sources', body: { sources: [PUNCH_SOURCE] }, runId: null };
    case 'events':
      return { url: '/api/v1/ingest/events', body: { events: b.events }, runId: b.run.id };
    case 'runs':
      return { url: '/api/v1/ingest/runs', body: { runs: [b.run] }, runId: b.run.id };
    case 'quality-metrics':
      return {
        url: '/api/v1/ingest/quality-metrics',
        body: { quality_metrics: b.quality_metrics },
        runId: null,
      };
    default:
      return { url: '/api/v1/ingest/batch', body: b, runId: b.run.id };
  }
}

describe('HTTP fuzzing: ingest bodies and headers, paths, query strings, raw requests', () => {
  let server: LiveServer;
  let bystander: TestWsClient;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  let startedAt = 0;
  const auth = { authorization: `Bearer ${INGEST_TOKEN}` };

  beforeAll(async () => {
    rejections = watchUnhandledRejections();
    server = await startLiveServer({
      config: {
        broadcastIntervalMs: INTERVAL_MS,
        ingestTokens: [INGEST_TOKEN],
        authTokens: [READ_TOKEN],
        handshakesPerIpPerMinute: 1_000_000,
        maxConnectionsPerIp: 10_000,
        // Thousands of requests from one address, many with bad tokens on purpose.
        rateLimits: {
          statusPerMinute: 10_000_000,
          sseOpensPerMinute: 10_000_000,
          ingestPerMinute: 10_000_000,
          alertWritesPerMinute: 10_000_000,
          authFailuresPerMinute: 10_000_000,
        },
      },
    });
    const sources = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/sources',
      headers: auth,
      payload: { sources: [PUNCH_SOURCE] },
    });
    expect(sources.statusCode).toBe(201);
    bystander = await TestWsClient.open(server.wsUrl(undefined, { token: READ_TOKEN }));
    await bystander.waitForUpdates(1, 10_000);
    startedAt = performance.now();
  });
  afterAll(async () => {
    bystander?.close();
    await server?.close();
  });

  it('answers mutated ingest bodies with 201 or a 4xx naming the field, never 5xx; a refused body stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('batch', 'events', 'runs', 'sources', 'quality-metrics'),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (route, mutations) => {
          await nextTurn();
          const { url, body, runId } = ingestCase(route);
          const payload = mutations.reduce<unknown>((current, m) => mutate(current, m), body);
          const response = await server.app.inject({
            method: 'POST',
            url,
            headers: auth,
            payload: payload as object,
          });
          expect([201, 400, 409, 413]).toContain(response.statusCode);
          if (response.statusCode === 201) return;
          const error = expectSafeError(response);
          if (response.statusCode === 400) {
            // A "__proto__" or "constructor" key is refused by the JSON parser itself.
            const poisoned = /"(__proto__|constructor)"/.test(JSON.stringify(payload));
            if (poisoned && error.error.startsWith('FST_ERR_CTP')) return;
            expect(error.error).toBe('INVALID_INPUT');
            expect(error.field).toMatch(/\w/);
          }
          if (runId) {
            const stored = await server.database.db
              .selectFrom('pipeline_runs')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('id', '=', runId)
              .executeTakeFirstOrThrow();
            // The run may only exist if an earlier, valid request stored it: none did.
            expect(Number(stored.n)).toBe(0);
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it('checks the ingest token before anything else and answers odd headers with a 4xx, never 5xx', async () => {
    const authorization = fc.oneof(
      fc.constant(`Bearer ${INGEST_TOKEN}`),
      fc.constant(`bearer   ${INGEST_TOKEN}  `),
      fc.constant(`Bearer ${INGEST_TOKEN}x`),
      fc.constant(`Bearer ${INGEST_TOKEN.slice(0, -1)}`),
      fc.constant(`Basic ${Buffer.from(`user:${INGEST_TOKEN}`).toString('base64')}`),
      fc.constant(INGEST_TOKEN),
      fc.constant(`Bearer ${READ_TOKEN}`),
      fc.string({ maxLength: 60, unit: 'grapheme-ascii' }),
      fc.constant(undefined),
    );
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/JSON',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/vnd.api+json',
      ),
      fc.string({ maxLength: 40, unit: 'grapheme-ascii' }),
    );
    const idempotencyKey = fc.option(
      fc.oneof(
        fc.string({ maxLength: 30, unit: 'grapheme-ascii' }),
        fc.constant('k'.repeat(300)),
        fc.constant('key with spaces'),
      ),
      { nil: undefined },
    );
    const rawBody = fc.oneof(
      fc.constant('valid'),
      fc.constantFrom(
        '',
        '{',
        '[]',
        'null',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{}}}',
        '{"sources":[]}',
      ),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(
        authorization,
        contentType,
        idempotencyKey,
        rawBody,
        async (authz, type, key, raw) => {
          await nextTurn();
          const headers: Record<string, string> = { 'content-type': type };
          if (authz !== undefined) headers.authorization = authz;
          if (key !== undefined) headers['idempotency-key'] = key;
          const payload = raw === 'valid' ? JSON.stringify({ sources: [PUNCH_SOURCE] }) : raw;
          const response = await server.app.inject({
            method: 'POST',
            url: '/api/v1/ingest/sources',
            headers,
            payload,
          });
          expect(response.statusCode).toBeLessThan(500);
          const tokenOk =
            authz !== undefined && new RegExp(`^Bearer\\s+${INGEST_TOKEN}\\s*$`, 'i').test(authz);
          if (!tokenOk) {
            expect(response.statusCode).toBe(401);
            expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
          }
          if (response.statusCode >= 400) {
            const error = expectSafeError(response);
            if (error.error === 'INVALID_INPUT') expect(error.field).toMatch(/\w/);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('answers random paths, methods and query strings without 5xx or a leak', async () => {
    const known = [
      PATHS.status,
      PATHS.health[0],
      PATHS.health[1],
      PATHS.metrics,
      '/api/v1/monitoring/metrics',
      '/config.js',
      '/docs/json',
      '/api/v1/ingest/batch',
      '/api/v1/alerts',
      '/api/v1/alerts/abc',
      '/',
    ];
    const path = fc.oneof(
      fc.constantFrom(...known),
      fc.tuple(fc.constantFrom(...known), fc.webSegment()).map(([base, tail]) => `${base}/${tail}`),
      fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
      fc
        .string({ maxLength: 80, unit: 'grapheme-ascii' })
        .map((s) => `/${s.replace(/[#?\s]/g, '')}`),
      fc.constantFrom(
        '/%',
        '/%E0%A4%A',
        '/..%2f..%2fetc%2fpasswd',
        '//api//health',
        '/api/health/',
        `/${'a'.repeat(3000)}`,
      ),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.webQueryParameters(),
      fc
        .array(
          fc.tuple(
            fc.constantFrom(
              'token',
              'lastEventId',
              'state',
              'limit',
              'before',
              'x',
              '__proto__',
              'a[b]',
              '',
            ),
            fc.oneof(
              fc.string({ maxLength: 30 }),
              fc.constant(READ_TOKEN),
              fc.constant('9'.repeat(40)),
              fc.constant('z'.repeat(4000)),
            ),
          ),
          { maxLength: 6 },
        )
        .map((pairs) =>
          pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
        ),
    );
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH');
    await fc.assert(
      fc.asyncProperty(method, path, query, async (verb, p, q) => {
        // The event stream never ends: it has its own tests.
        if (p.startsWith(PATHS.sse)) return;
        // light-my-request cannot build a request for a target URL cannot parse ("/\\");
        // the raw-request property below sends such targets over a socket.
        if (!URL.canParse(p, 'http://localhost')) return;
        await nextTurn();
        const response = await server.app.inject({
          method: verb as 'GET',
          url: q ? `${p}?${q}` : p,
          headers: { authorization: `Bearer ${READ_TOKEN}` },
        });
        // 503 is the status route's honest "no status yet"; nothing else may fail.
        if (response.statusCode >= 500) expect(response.statusCode).toBe(503);
        expect(response.body).not.toMatch(LEAK);
        if (response.statusCode >= 400 && verb !== 'HEAD') expectSafeError(response);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('answers raw, malformed HTTP requests with a 4xx (or closes), never hangs or crashes', async () => {
    const headerLine = fc.oneof(
      fc
        .tuple(
          fc.string({ maxLength: 20, unit: 'grapheme-ascii' }),
          fc.string({ maxLength: 60, unit: 'grapheme-ascii' }),
        )
        .map(([k, v]) => `${k}: ${v}`),
      fc.constantFrom(
        'Content-Length: -1',
        'Content-Length: 99999999999',
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        'Host:',
        'X: \u0001',
        'no colon here',
      ),
      fc.integer({ min: 1, max: 20_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`),
    );
    const requestLine = fc.oneof(
      fc.constantFrom(
        `GET ${PATHS.status} HTTP/1.1`,
        `POST /api/v1/ingest/batch HTTP/1.1`,
        'GET / HTTP/1.0',
        'GET / HTTP/2.0',
        'BREW /pot HTTP/1.1',
        'GET  HTTP/1.1',
        'GET /\u0000 HTTP/1.1',
        'GET /\\ HTTP/1.1',
        'GET //evil.example/x HTTP/1.1',
        'GET http://evil.example/ HTTP/1.1',
        `GET ${PATHS.status}?${'q'.repeat(20_000)} HTTP/1.1`,
      ),
      fc.string({ maxLength: 60, unit: 'grapheme-ascii' }),
    );
    await fc.assert(
      fc.asyncProperty(
        requestLine,
        fc.array(headerLine, { maxLength: 8 }),
        fc.string({ maxLength: 100 }),
        async (line, lines, body) => {
          const request = `${line}\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}Connection: close\r\n\r\n${body}`;
          const answer = await rawExchange(server.port, request, 5000);
          expect(answer.timedOut).toBe(false);
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer.text)?.[1];
          if (status) {
            expect(Number(status)).not.toBe(500);
            expect(answer.text).not.toMatch(LEAK);
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);

  it('kept the live clients served and raised no unhandled rejection', async () => {
    const during = bystander.updates().filter((u) => u.at >= startedAt);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    expect(during.length).toBeGreaterThan(3);
    // Served throughout and still served after: updates in order, and a fresh one arrives. (A
    // wall-clock bound on the gaps measured the machine's load, not the server.)
    const seqs = during.map((update) => update.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const seen = bystander.updates().length;
    await expect.poll(() => bystander.updates().length, { timeout: 15_000 }).toBeGreaterThan(seen);
    expect(rejections.stop()).toEqual([]);
  });
});

/** Writes `request` on a fresh TCP connection and reads until the server closes (or `timeoutMs`). */
function rawExchange(
  port: number,
  request: string,
  timeoutMs: number,
): Promise<{ text: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, timedOut: true });
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, timedOut: false });
    });
    socket.on('connect', () => {
      socket.write(request, 'latin1');
      // Half-close: a request that promised a body it never sent still ends.
      socket.end();
    });
  });
}
