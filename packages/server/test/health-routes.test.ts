import { createServer, type Server, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import swagger from '@fastify/swagger';
import { openDatabase, type Database } from '../src/db/connection';
import { healthRoutes } from '../src/http/health-routes';
import { describeOnDatabases } from './support/databases';

/**
 * The health plugin as app.ts registers it, with the OpenAPI generator, on its own: these tests
 * stay about health whatever the other route plugins are doing.
 */
async function healthApp(
  database: Database,
  nodeId: string,
  extra: { version?: string; pingTimeoutMs?: number } = {},
): Promise<FastifyInstance> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  await app.register(swagger, { openapi: { info: { title: 'health test', version: '0' } } });
  await app.register(healthRoutes, { database, nodeId, ...extra });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
type Json = any;

async function getJson(url: string): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeOnDatabases('health routes on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    app = await healthApp(database, 'health-node');
    base = await listen(app);
  });
  let closedByTest = false;
  afterAll(async () => {
    await app?.close();
    // PGlite cannot be closed twice; PostgreSQL's dispose still has a database to drop.
    if (!(closedByTest && target.name === 'pglite')) await dispose?.();
  });

  it('is ready (200) on both paths while the database answers', async () => {
    for (const path of ['/api/health', '/api/v1/public/health']) {
      const { status, headers, body } = await getJson(`${base}${path}`);
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(body).toEqual({
        status: 'ok',
        live: true,
        ready: true,
        database: { reachable: true, kind: target.name, latency_ms: expect.any(Number) },
        uptime_seconds: expect.any(Number),
        node_id: 'health-node',
        version: '0.1.0',
      });
      expect(body.database.latency_ms).toBeGreaterThanOrEqual(0);
    }
    const live = await getJson(`${base}/api/health/live`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', live: true, node_id: 'health-node' });
  });

  it('is described in the OpenAPI document under the health tag', async () => {
    const { body } = await getJson(`${base}/openapi.json`);
    for (const path of ['/api/health', '/api/v1/public/health', '/api/health/live']) {
      expect(body.paths[path]?.get?.tags).toEqual(['health']);
    }
    expect(Object.keys(body.paths['/api/health'].get.responses)).toEqual(['200', '503']);
  });

  it('answers 503 once the database is gone, and stays live', async () => {
    await database.close();
    closedByTest = true;
    for (const path of ['/api/health', '/api/v1/public/health']) {
      const { status, body } = await getJson(`${base}${path}`);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'unavailable',
        live: true,
        ready: false,
        database: { reachable: false, kind: target.name, latency_ms: null },
        node_id: 'health-node',
      });
    }
    const live = await getJson(`${base}/api/health/live`);
    expect(live.status).toBe(200);
  });
});

describe('health routes on a PostgreSQL that is not there', () => {
  let database: Database;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    database = await openDatabase({
      url: `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
    });
    app = await healthApp(database, 'lonely');
    base = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers 503 (connection refused) while liveness stays 200', async () => {
    const { status, body } = await getJson(`${base}/api/health`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      ready: false,
      database: { reachable: false, kind: 'postgres', latency_ms: null },
    });
    expect((await getJson(`${base}/api/health/live`)).status).toBe(200);
  });
});

describe('health routes on a database that hangs', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let database: Database;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    // Accepts connections and never answers, like a wedged database server.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    app = await healthApp(database, 'stuck', { version: 'test', pingTimeoutMs: 300 });
    base = await listen(app);
  });
  afterEach(() => {
    for (const socket of sockets) socket.destroy();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives up after its ping timeout and answers 503', async () => {
    const started = performance.now();
    const { status, body } = await getJson(`${base}/api/v1/public/health`);
    const elapsedMs = performance.now() - started;
    expect(status).toBe(503);
    expect(body).toMatchObject({ ready: false, version: 'test', database: { reachable: false } });
    expect(elapsedMs).toBeGreaterThanOrEqual(250);
    // Bounded by the 300 ms timeout, not by the driver's 5 s connect timeout; generous margin.
    expect(elapsedMs).toBeLessThan(3000);
  });
});
