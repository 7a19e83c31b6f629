import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PATHS } from '@naija-monitor/protocol';
import { MAX_URL_BYTES } from '../src/access/security';
import { rawExchange } from './support/raw-http';
import { startLiveServer, type LiveServer } from './support/live-server';

const READ_TOKEN = 'fuzz-upgrade-token-0123456789';
const WS_PATH = PATHS.websocket[0]!;
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** What no answer may contain: a stack frame, a source path, a module path. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\.js:\d+/;

/**
 * Targets that llhttp accepts but `new URL(target, base)` refuses: each one used to throw in
 * the raw `upgrade` listener and stop the process (review C1).
 */
const CRASHING_TARGETS = ['//', '///', '//a:b', '//[', '//%', '/\\', '//a:99999', '//[::1'];

/** The headers of a well-formed handshake, before the fuzzer removes, doubles or bends them. */
const HANDSHAKE: readonly [string, string][] = [
  ['Host', '127.0.0.1'],
  ['Connection', 'Upgrade'],
  ['Upgrade', 'websocket'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', KEY],
];

const target = fc.oneof(
  fc.constantFrom(...CRASHING_TARGETS),
  fc.constantFrom(
    WS_PATH,
    `${WS_PATH}?token=${READ_TOKEN}`,
    `${WS_PATH}?token=wrong`,
    `${WS_PATH}?token=${READ_TOKEN}#frag`,
    `http://x${WS_PATH}?token=${READ_TOKEN}`,
    `http://evil.example${WS_PATH}`,
    'http://[::1',
    'ws://x/',
    '127.0.0.1:80',
    'host:80',
    '*',
    '/ws/monitoring/pipeline%2Dstatus',
    '/ws/monitoring/%E0%A4%A',
    '/%',
    '/%zz',
    `${WS_PATH}%00`,
    `${WS_PATH}\u0000`,
    `${WS_PATH}/../../etc/passwd`,
    `/${'a'.repeat(MAX_URL_BYTES)}`,
    `/${'a'.repeat(MAX_URL_BYTES - 2)}`,
    `${WS_PATH}?${'q'.repeat(20_000)}`,
  ),
  // Random slashes, colons, brackets, backslashes, percent signs and ASCII after a '/' or not.
  fc
    .array(fc.constantFrom('/', '\\', ':', '[', ']', '%', '@', '?', '#', '.', 'a', '0', 'ß'), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 80, unit: 'grapheme-ascii' }).map((s) => s.replace(/[\s]/g, '')),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

const method = fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'OPTIONS', 'PRI', 'get');
const version = fc.constantFrom(
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/0.9',
  'HTTP/1.10',
);

/** What to do to one handshake header. */
const headerEdit = fc.constantFrom('keep', 'keep', 'keep', 'drop', 'double', 'bend');
const bent: Record<string, fc.Arbitrary<string>> = {
  Host: fc.constantFrom('', 'evil.example', '[::1', '127.0.0.1:99999', 'a'.repeat(300)),
  Connection: fc.constantFrom('keep-alive', 'upgrade, keep-alive', 'close', 'Upgrade, Upgrade', ''),
  Upgrade: fc.constantFrom('WebSocket', 'h2c', 'websocket, h2c', '', 'websocket\u0000'),
  'Sec-WebSocket-Version': fc.constantFrom('8', '14', '', '13, 13', 'x'),
  'Sec-WebSocket-Key': fc.constantFrom('', 'short', 'x'.repeat(500), `${KEY}, ${KEY}`, '=='),
};
const extraHeader = fc.oneof(
  fc.constantFrom(
    `Authorization: Bearer ${READ_TOKEN}`,
    'Authorization: Bearer wrong',
    'Origin: http://127.0.0.1',
    'Origin: http://evil.example',
    'Origin: null',
    'Sec-WebSocket-Protocol: a, b, , c',
    'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99',
    'Sec-WebSocket-Extensions: ;;;',
    'X-Forwarded-For: 203.0.113.9, ::1, junk',
    'Forwarded: for="[::1]:80"',
  ),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
      fc.string({ maxLength: 60, unit: 'grapheme-ascii' }),
    )
    .filter(([name]) => !/^(content-length|transfer-encoding)$/i.test(name))
    .map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, '')}`),
);

/** A raw request carrying (some of) the upgrade headers. */
const upgradeRequest = fc
  .record({
    method,
    target,
    version,
    edits: fc.tuple(headerEdit, headerEdit, headerEdit, headerEdit, headerEdit),
    bends: fc.record(bent),
    extra: fc.array(extraHeader, { maxLength: 12 }),
    // Many small headers (Node counts them up to 2000, and bounds their size at 16 KB).
    padding: fc.oneof(fc.constant(0), fc.nat({ max: 600 })),
  })
  .map(({ method: verb, target: path, version: v, edits, bends, extra, padding }) => {
    const lines: string[] = [];
    HANDSHAKE.forEach(([name, value], i) => {
      const edit = edits[i]!;
      if (edit === 'drop') return;
      const line = `${name}: ${edit === 'bend' ? bends[name as keyof typeof bends] : value}`;
      lines.push(line);
      if (edit === 'double') lines.push(line);
    });
    lines.push(...extra);
    for (let i = 0; i < padding; i++) lines.push(`X-Pad-${i}: ${i}`);
    return `${verb} ${path} ${v}\r\n${lines.join('\r\n')}\r\n\r\n`;
  });

describe('WebSocket upgrade fuzzing: no request stops the process', () => {
  let server: LiveServer;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    // Recorded rather than left to crash the worker, so the failure names the error.
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    server = await startLiveServer({
      config: {
        authTokens: [READ_TOKEN],
        handshakesPerIpPerMinute: 10_000_000,
        maxConnectionsPerIp: 100_000,
        maxHandshakesPerSecond: 1_000_000,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  });

  async function expectAlive(): Promise<void> {
    const response = await fetch(server.httpUrl('/api/health/live'));
    expect(response.status).toBe(200);
    expect(uncaught).toEqual([]);
  }

  it('answers a well-formed handshake on an unparseable target with 400 JSON naming the url (C1)', async () => {
    for (const path of CRASHING_TARGETS) {
      const head = HANDSHAKE.map(([name, value]) => `${name}: ${value}`).join('\r\n');
      const answer = await rawExchange(
        server.port,
        `GET ${path} HTTP/1.1\r\n${head}\r\n\r\n`,
        5000,
      );
      expect(answer.statusCode, path).toBe(400);
      const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as unknown;
      expect(body, path).toMatchObject({ error: 'INVALID_URL', statusCode: 400, field: 'url' });
      await expectAlive();
    }
  });

  it('answers or closes every hostile upgrade request, without 5xx or a leak, and stays alive', async () => {
    await fc.assert(
      fc.asyncProperty(upgradeRequest, async (request) => {
        const answer = await rawExchange(server.port, request, 3000);
        // Either a whole answer came (101 keeps the socket open), or the server closed.
        if (answer.timedOut) expect(answer.statusCode).toBeDefined();
        if (answer.statusCode !== undefined) {
          // 503 is an honest "busy"; nothing else may fail on the server's side.
          if (answer.statusCode >= 500) expect(answer.statusCode).toBe(503);
          expect(answer.text).not.toMatch(LEAK);
        }
        await expectAlive();
      }),
      { numRuns: 250 },
    );
  }, 180_000);

  it('still accepts a real handshake with the token afterwards', async () => {
    const head = HANDSHAKE.map(([name, value]) => `${name}: ${value}`).join('\r\n');
    const answer = await rawExchange(
      server.port,
      `GET ${WS_PATH}?token=${READ_TOKEN} HTTP/1.1\r\n${head}\r\n\r\n`,
      5000,
    );
    expect(answer.statusCode).toBe(101);
    await expectAlive();
  });
});
