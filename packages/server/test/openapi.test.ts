import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { testConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { pgliteTarget } from './support/databases';

interface Route {
  path: string;
  method: string;
}

/**
 * Every route the app serves, from `printRoutes` (a tree: each line adds a segment to its
 * parent's path). Reading the router, not a list in this file, means a new route cannot be
 * forgotten here.
 */
function registeredRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = line.match(/^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/u);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (depth === 0 ? '' : stack[depth - 1]!) + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]?.split(', ') ?? []) routes.push({ path, method });
  }
  return routes;
}

interface Operation {
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Routes that are not part of the API: the docs themselves and the dashboard's files. */
function isExempt({ path, method }: Route): boolean {
  if (method === 'HEAD') return true; // Fastify adds HEAD to every GET; documented with it.
  if (path === '/docs' || path.startsWith('/docs/')) return true;
  // The dashboard: its index at `/`, its static files (anything with a file extension) and
  // the static plugin's catch-all that serves them.
  return method === 'GET' && (path === '/' || path === '*' || /\/[^/]+\.[a-z0-9]+$/i.test(path));
}

describe('OpenAPI description', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, dispose } = await pgliteTarget.open());
    app = await buildApp({ config: testConfig(), database });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('reads routes from the router (the reader is not vacuous)', () => {
    const routes = registeredRoutes(app);
    expect(routes).toContainEqual({ path: '/api/v1/ingest/batch', method: 'POST' });
    expect(routes).toContainEqual({ path: '/api/health', method: 'GET' });
    expect(routes).toContainEqual({ path: '/docs/json', method: 'GET' });
    expect(routes.filter((route) => !isExempt(route)).length).toBeGreaterThanOrEqual(10);
  });

  it('describes every registered route with a request and a response schema', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const document = res.json<{
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    }>();
    expect(document.openapi).toMatch(/^3\./);

    const problems: string[] = [];
    for (const route of registeredRoutes(app).filter((r) => !isExempt(r))) {
      const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[openApiPath]?.[route.method.toLowerCase()];
      const name = `${route.method} ${route.path}`;
      if (!operation) {
        problems.push(
          `${name}: missing from /docs/json (give it a schema, or hide it with a reason)`,
        );
        continue;
      }
      const responses = Object.entries(operation.responses ?? {});
      const success = responses.filter(([code]) => /^[23]\d\d$/.test(code));
      if (!success.some(([, r]) => Object.values(r.content ?? {}).some((media) => media.schema))) {
        problems.push(`${name}: no response schema for a success status`);
      }
      if (
        BODY_METHODS.has(route.method) &&
        !Object.values(operation.requestBody?.content ?? {}).some((m) => m.schema)
      ) {
        problems.push(`${name}: no request body schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks every ingest route as bearer-protected, tagged, with its error answers', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    const ingest = Object.entries(document.paths).filter(([path]) =>
      path.startsWith('/api/v1/ingest/'),
    );
    expect(ingest.map(([path]) => path).sort()).toEqual(
      ['articles', 'batch', 'events', 'quality-metrics', 'runs', 'source-runs', 'sources'].map(
        (p) => `/api/v1/ingest/${p}`,
      ),
    );
    for (const [path, operations] of ingest) {
      const post = operations.post!;
      expect(post.tags, path).toEqual(['ingest']);
      expect(post.security, path).toEqual([{ bearer: [] }]);
      expect(Object.keys(post.responses ?? {}).sort(), path).toEqual([
        '201',
        '400',
        '401',
        '403',
        '409',
        '413',
        '429',
      ]);
    }
  });
});
