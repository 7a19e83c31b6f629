import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { HttpFeedReader } from './http-feed-reader';

const FEED = '<rss version="2.0"><channel><title>t</title></channel></rss>';
const FAST_RETRY = { retries: 2, baseDelayMs: 5, maxDelayMs: 20 };

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  atMs: number;
}

let server: Server | null = null;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers, atMs: performance.now() });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const source = (path: string): Source => ({
    id: path.replace(/\W/g, '') || 'root',
    name: path,
    kind: 'rss',
    url: `http://127.0.0.1:${port}${path}`,
    priority: 1,
    enabled: true,
    expected_interval_seconds: 60,
    // The test server is on loopback, which only an opted-in source may reach.
    allow_private_network: true,
  });
  return { seen, source, port };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('HttpFeedReader', () => {
  it('sends If-None-Match and If-Modified-Since, and reads a 304 as "not modified"', async () => {
    const { seen, source } = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res
        .writeHead(200, { etag: '"v1"', 'last-modified': 'Mon, 02 Mar 2026 08:00:00 GMT' })
        .end(FEED);
    });
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    const feed = source('/feed');
    expect(await reader.read(feed)).toMatchObject({ kind: 'body', body: FEED });
    expect(await reader.read(feed)).toEqual({ kind: 'not_modified', location: feed.url });
    expect(seen[0]!.headers['if-none-match']).toBeUndefined();
    expect(seen[1]!.headers['if-none-match']).toBe('"v1"');
    expect(seen[1]!.headers['if-modified-since']).toBe('Mon, 02 Mar 2026 08:00:00 GMT');
    expect(seen[1]!.headers['user-agent']).toMatch(/NaijaPipelineMonitor/);
  });

  it('retries a 503 and then succeeds', async () => {
    const { seen, source } = await serve((_req, res, n) => {
      if (n < 3) res.writeHead(503).end('busy');
      else res.writeHead(200).end(FEED);
    });
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    expect(await reader.read(source('/feed'))).toMatchObject({ kind: 'body' });
    expect(seen).toHaveLength(3);
  });

  it('gives up after the retries with the last status', async () => {
    const { seen, source } = await serve((_req, res) => res.writeHead(502).end());
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    const error = await reader.read(source('/feed')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 502 });
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const { seen, source } = await serve((_req, res) => res.writeHead(404).end());
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    await expect(reader.read(source('/gone'))).rejects.toMatchObject({
      code: 'FETCH_HTTP_STATUS',
      status: 404,
    });
    expect(seen).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    const { source } = await serve(() => {
      /* never answers */
    });
    const reader = new HttpFeedReader({
      minHostIntervalMs: 0,
      timeoutMs: 100,
      retry: { ...FAST_RETRY, retries: 1 },
    });
    await expect(reader.read(source('/slow'))).rejects.toMatchObject({ code: 'FETCH_TIMEOUT' });
  });

  it('reports a refused connection as a network error', async () => {
    const { source } = await serve((_req, res) => res.end());
    const feed = source('/feed');
    server!.close();
    server!.closeAllConnections();
    server = null;
    const reader = new HttpFeedReader({
      minHostIntervalMs: 0,
      retry: { ...FAST_RETRY, retries: 0 },
    });
    await expect(reader.read(feed)).rejects.toMatchObject({ code: 'FETCH_NETWORK' });
  });

  it('spaces requests to one host by the minimum interval', async () => {
    const { source } = await serve((_req, res) => res.writeHead(200).end(FEED));
    // Measured where the limiter acts, at the call to fetch: arrival times at the server also
    // include connection set-up, which varies on a loaded machine.
    const startsMs: number[] = [];
    const timedFetch: typeof fetch = (input, init) => {
      startsMs.push(performance.now());
      return fetch(input, init);
    };
    const reader = new HttpFeedReader({
      minHostIntervalMs: 150,
      retry: FAST_RETRY,
      fetch: timedFetch,
    });
    await Promise.all([
      reader.read(source('/a')),
      reader.read(source('/b')),
      reader.read(source('/c')),
    ]);
    expect(startsMs).toHaveLength(3);
    const gaps = startsMs.slice(1).map((t, i) => t - startsMs[i]!);
    // The exact spacing is unit-tested with fake timers (host-rate-limiter.test.ts); here, on a
    // loaded machine, the first request's own set-up can delay its fetch call, so only check
    // that the gaps are of the interval's order (without the limiter they are about 0).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100);
  });
});

describe('HttpFeedReader with hostile feeds', () => {
  const NO_RETRY = { ...FAST_RETRY, retries: 0 };

  it('refuses a loopback feed unless its source opts in, without sending it a request', async () => {
    const { seen, source } = await serve((_req, res) => res.writeHead(200).end(FEED));
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    const closed = { ...source('/feed'), allow_private_network: false };
    await expect(reader.read(closed)).rejects.toMatchObject({
      code: 'FETCH_REFUSED',
      message: expect.stringMatching(/loopback address; set "allow_private_network": true/),
    });
    expect(seen).toHaveLength(0); // refused before connecting, and not retried
    expect(await reader.read(source('/feed'))).toMatchObject({ kind: 'body', body: FEED });
  });

  it('resolves host names and refuses one that points at a private address', async () => {
    const resolveHost = async (name: string) =>
      ({ 'mixed.example': ['93.184.216.34', '10.1.2.3'] })[name] ?? ['127.0.0.1'];
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: NO_RETRY, resolveHost });
    const at = (url: string): Source => ({ ...feedSource, url });
    // One private address among public ones is enough: fetch may connect to any of them.
    await expect(reader.read(at('http://mixed.example/feed'))).rejects.toMatchObject({
      code: 'FETCH_REFUSED',
      message: expect.stringContaining('mixed.example is 10.1.2.3, a private address'),
    });
    // The real resolver: localhost is loopback.
    const real = new HttpFeedReader({ minHostIntervalMs: 0, retry: NO_RETRY });
    await expect(real.read(at('http://localhost:9/feed'))).rejects.toMatchObject({
      code: 'FETCH_REFUSED',
    });
  });

  it('refuses link-local, metadata, unspecified and mapped addresses, and non-http schemes', async () => {
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: NO_RETRY });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/feed',
      'http://0.0.0.0:8000/feed',
      'http://[::ffff:127.0.0.1]/feed',
      'http://2130706433/feed', // 127.0.0.1 written as a number
      'http://100.100.100.200/feed', // CGNAT: Alibaba's metadata service
      'http://192.168.1.1/feed',
      'file:///etc/passwd',
      'ftp://ftp.example/feed.xml',
    ]) {
      await expect(reader.read({ ...feedSource, url }), url).rejects.toMatchObject({
        code: 'FETCH_REFUSED',
      });
    }
    // Opting in admits an internal network, never link-local (where metadata services live).
    const internal = { ...feedSource, allow_private_network: true };
    await expect(
      reader.read({ ...internal, url: 'http://169.254.169.254/latest/meta-data/' }),
    ).rejects.toMatchObject({ code: 'FETCH_REFUSED', message: expect.stringMatching(/never/) });
  });

  it('checks every redirect hop: a public feed cannot redirect into the local network', async () => {
    const { seen, port } = await serve((req, res) => {
      if (req.url === '/feed')
        res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end();
      else res.writeHead(200).end('<html><title>internal admin</title></html>');
    });
    // public.example resolves to a public address; its requests are carried to the test server.
    const toServer: typeof fetch = (input, init) =>
      fetch(String(input).replace('http://public.example', `http://127.0.0.1:${port}`), init);
    const reader = new HttpFeedReader({
      minHostIntervalMs: 0,
      retry: FAST_RETRY,
      fetch: toServer,
      resolveHost: async () => ['93.184.216.34'],
    });
    await expect(
      reader.read({ ...feedSource, url: 'http://public.example/feed' }),
    ).rejects.toMatchObject({ code: 'FETCH_REFUSED' });
    expect(seen.map((s) => s.path)).toEqual(['/feed']);
  });

  it('follows at most 5 redirects, to http(s) only, and reports the final address', async () => {
    const { seen, source, port } = await serve((req, res) => {
      const n = Number(/\/hop(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      if (req.url === '/to-file') res.writeHead(301, { location: 'file:///etc/passwd' }).end();
      else if (n < 5) res.writeHead(302, { location: `/hop${n + 1}` }).end();
      else if (req.url?.endsWith('/end')) res.writeHead(200).end(FEED);
      else res.writeHead(307, { location: `http://127.0.0.1:${port}/hop${n}/end` }).end();
    });
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY });
    expect(await reader.read(source('/hop1'))).toEqual({
      kind: 'body',
      body: FEED,
      location: `http://127.0.0.1:${port}/hop5/end`,
    });
    seen.length = 0;
    await expect(reader.read(source('/hop0'))).rejects.toMatchObject({
      code: 'FETCH_REFUSED',
      message: expect.stringMatching(/more than 5 redirects/),
    });
    expect(seen).toHaveLength(6); // the first request and 5 redirects; the 6th is not followed
    await expect(reader.read(source('/to-file'))).rejects.toMatchObject({
      code: 'FETCH_REFUSED',
      message: expect.stringMatching(/only http\(s\)/),
    });
  });

  it('refuses a body whose Content-Length is over the cap, without retrying', async () => {
    const { seen, source } = await serve((_req, res) =>
      res.writeHead(200, { 'content-length': 2000 }).end('x'.repeat(2000)),
    );
    const reader = new HttpFeedReader({ minHostIntervalMs: 0, retry: FAST_RETRY, maxBytes: 1000 });
    await expect(reader.read(source('/big'))).rejects.toMatchObject({
      code: 'FETCH_TOO_LARGE',
      message: expect.stringMatching(/Content-Length 2000/),
    });
    expect(seen).toHaveLength(1);
  });

  it('abandons a streamed body past the cap, counting bytes after decompression', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20)); // about 1 KB that inflates to 1 MB
    expect(bomb.length).toBeLessThan(10_000);
    const { source } = await serve((req, res) => {
      if (req.url === '/bomb') {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length });
        res.end(bomb);
        return;
      }
      if (req.url === '/exact') {
        res.writeHead(200).end('x'.repeat(100_000));
        return;
      }
      // No Content-Length: chunks until the client goes away.
      res.writeHead(200);
      const push = () => {
        if (res.destroyed) return;
        res.write('<'.repeat(16_384), () => setImmediate(push));
      };
      push();
    });
    const reader = new HttpFeedReader({
      minHostIntervalMs: 0,
      retry: FAST_RETRY,
      maxBytes: 100_000,
    });
    await expect(reader.read(source('/bomb'))).rejects.toMatchObject({ code: 'FETCH_TOO_LARGE' });
    await expect(reader.read(source('/endless'))).rejects.toMatchObject({
      code: 'FETCH_TOO_LARGE',
    });
    // A body of exactly the cap is read whole.
    expect(await reader.read(source('/exact'))).toMatchObject({ body: 'x'.repeat(100_000) });
  });
});

const feedSource: Source = {
  id: 'hostile',
  name: 'hostile',
  kind: 'rss',
  url: 'http://public.example/feed',
  priority: 1,
  enabled: true,
  expected_interval_seconds: 60,
};
