import { PATHS } from '@naija-monitor/protocol';
import { autocannon, type AutocannonResult } from '../load/autocannon';
import type { HttpRow } from '../results';
import { launchServer } from '../servers/launch';

/** Options of {@link runHttpFallback}. */
export interface HttpFallbackOptions {
  /** Seconds per autocannon run. */
  durationSeconds: number;
  /** Runs per route, interleaved. */
  rounds: number;
  connections: number;
  serverCore: number;
  loadCore: number;
  documentJson: string;
  seedEvents: number;
  log: (line: string) => void;
}

/** Requests answered with `code` (autocannon counts 304 as non-2xx). */
function answered(result: AutocannonResult, code: number): number {
  return result.statusCodeStats?.[String(code)]?.count ?? 0;
}

/**
 * The HTTP fallback of the real server under autocannon: a hello-world route on the same
 * Fastify instance (the ceiling), the status route without `If-None-Match` (full document
 * every time), and with the current ETag (304 every time).
 */
export async function runHttpFallback(options: HttpFallbackOptions): Promise<HttpRow[]> {
  const server = await launchServer('ours', {
    core: options.serverCore,
    documentJson: options.documentJson,
    settings: { events: String(options.seedEvents) },
  });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const first = await fetch(`${base}${PATHS.status}`);
    const etag = first.headers.get('etag');
    await first.arrayBuffer();
    if (!first.ok || !etag)
      throw new Error(`status route answered ${first.status} with etag ${etag}`);
    const routes: {
      route: string;
      url: string;
      headers?: Record<string, string>;
      expect: number;
    }[] = [
      { route: 'GET /bench/hello (hello world)', url: `${base}/bench/hello`, expect: 200 },
      { route: `GET ${PATHS.status}`, url: `${base}${PATHS.status}`, expect: 200 },
      {
        route: `GET ${PATHS.status} + If-None-Match (304)`,
        url: `${base}${PATHS.status}`,
        headers: { 'if-none-match': etag },
        expect: 304,
      },
    ];
    // Rounds interleave the routes, so a change in the machine's load hits all three alike;
    // each route's figure is its median round. A short first pass warms up the JIT.
    const run = (route: (typeof routes)[number], durationSeconds: number) =>
      autocannon({
        url: route.url,
        headers: route.headers,
        connections: options.connections,
        durationSeconds,
        core: options.loadCore,
      });
    if (options.rounds > 1) for (const route of routes) await run(route, 1);
    const rounds: AutocannonResult[][] = routes.map(() => []);
    for (let round = 0; round < options.rounds; round++)
      for (const [i, route] of routes.entries())
        rounds[i]?.push(await run(route, options.durationSeconds));
    const medianRun = (results: AutocannonResult[]) =>
      [...results].sort((a, b) => a.requests.average - b.requests.average)[
        Math.floor(results.length / 2)
      ] as AutocannonResult;
    const helloRate = medianRun(rounds[0] ?? []).requests.average;
    const rows: HttpRow[] = routes.map((route, i) => {
      const results = rounds[i] ?? [];
      const result = medianRun(results);
      return {
        route: route.route,
        requestsPerSecond: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        unexpected: results.reduce((n, r) => n + r.requests.total - answered(r, route.expect), 0),
        errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
        ratioToHello: result.requests.average / helloRate,
      };
    });
    for (const row of rows)
      options.log(
        `  ${row.route}: ${row.requestsPerSecond.toFixed(0)} req/s, p99 ${row.latencyP99Ms} ms, ${row.unexpected} unexpected answers, ${(row.ratioToHello * 100).toFixed(0)} % of hello`,
      );
    return rows;
  } finally {
    await server.stop();
  }
}
