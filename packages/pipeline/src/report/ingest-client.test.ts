import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestError } from '../errors';
import { IngestClient } from './ingest-client';

const FAST = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };
const OK = {
  accepted: { runs: 1, source_runs: 0, articles: 0, events: 0, quality_metrics: 0 },
  duplicates: {},
};

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | null = null;

async function serve(handler: (req: Received, res: ServerResponse, n: number) => void) {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      received.push(r);
      handler(r, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, baseUrl: `http://127.0.0.1:${port}` };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('IngestClient', () => {
  it('posts a batch as JSON with the bearer token and the idempotency key', async () => {
    const { received, baseUrl } = await serve((_req, res) => json(res, 201, OK));
    const client = new IngestClient({ baseUrl: `${baseUrl}/`, token: 's3cret', retry: FAST });
    const batch = {
      run: {
        id: 'r1',
        started_at: '2026-03-10T00:00:00Z',
        state: 'running' as const,
        trigger: 'manual' as const,
      },
    };
    expect(await client.postBatch(batch, 'r1:started')).toEqual(OK);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', path: '/api/v1/ingest/batch' });
    expect(received[0]!.headers.authorization).toBe('Bearer s3cret');
    expect(received[0]!.headers['idempotency-key']).toBe('r1:started');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]!.body)).toEqual(batch);
  });

  it('sends no Authorization header without a token', async () => {
    const { received, baseUrl } = await serve((_req, res) =>
      json(res, 201, { accepted: { sources: 1 }, duplicates: { sources: 0 } }),
    );
    await new IngestClient({ baseUrl, retry: FAST }).upsertSources([]);
    expect(received[0]!.path).toBe('/api/v1/ingest/sources');
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('retries 5xx answers and dropped connections, then succeeds', async () => {
    const { received, baseUrl } = await serve((_req, res, n) => {
      if (n === 1) json(res, 503, { error: 'UNAVAILABLE', message: 'database busy' });
      else if (n === 2) res.socket?.destroy();
      else json(res, 201, OK);
    });
    expect(await new IngestClient({ baseUrl, retry: FAST }).postBatch({}, 'k')).toEqual(OK);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['k']));
  });

  it('does not retry a 400, and names the field the monitor names', async () => {
    const { received, baseUrl } = await serve((_req, res) =>
      json(res, 400, {
        error: 'INVALID_INPUT',
        message: 'events[3].source_id is not a known source',
        statusCode: 400,
        field: 'events[3].source_id',
      }),
    );
    const error = await new IngestClient({ baseUrl, retry: FAST })
      .postBatch({})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: 'INGEST_REJECTED', status: 400 });
    expect((error as Error).message).toContain('events[3].source_id');
    expect(received).toHaveLength(1);
  });

  it('gives up after its retries with INGEST_UNAVAILABLE', async () => {
    const { received, baseUrl } = await serve((_req, res) => json(res, 502, {}));
    await expect(new IngestClient({ baseUrl, retry: FAST }).postBatch({})).rejects.toMatchObject({
      code: 'INGEST_UNAVAILABLE',
      status: 502,
    });
    expect(received).toHaveLength(4);
  });

  it('waits until /api/health answers 200', async () => {
    const { received, baseUrl } = await serve((req, res, n) =>
      json(res, n < 3 ? 503 : 200, { status: n < 3 ? 'starting' : 'ok' }),
    );
    await new IngestClient({ baseUrl, retry: FAST }).waitUntilHealthy({
      intervalMs: 10,
      timeoutMs: 5000,
    });
    expect(received.map((r) => r.path)).toEqual(['/api/health', '/api/health', '/api/health']);
  });

  it('stops waiting for health after the timeout', async () => {
    const { baseUrl } = await serve((_req, res) => json(res, 503, {}));
    await expect(
      new IngestClient({ baseUrl, retry: FAST }).waitUntilHealthy({
        intervalMs: 10,
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'INGEST_UNAVAILABLE' });
  });
});
