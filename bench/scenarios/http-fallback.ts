import { PATHS } from '@naija-monitor/protocol';
import { autocannon, type AutocannonResult } from '../load/autocannon';
import type { HttpRow } from '../results';
import { launchServer } from '../servers/launch';

/** Options of {@link runHttpFallback}. */
export interface HttpFallbackOptions {
  durationSeconds: number;
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
    const rows: HttpRow[] = [];
    for (const route of routes) {
      const result = await autocannon({
        url: route.url,
        headers: route.headers,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        core: options.loadCore,
      });
      const hello = rows[0]?.requestsPerSecond ?? result.requests.average;
      const row: HttpRow = {
        route: route.route,
        requestsPerSecond: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        unexpected: result.requests.total - answered(result, route.expect),
        errors: result.errors + result.timeouts,
        ratioToHello: result.requests.average / hello,
      };
      rows.push(row);
      options.log(
        `  ${row.route}: ${row.requestsPerSecond.toFixed(0)} req/s, p99 ${row.latencyP99Ms} ms, ${row.unexpected} unexpected answers, ${(row.ratioToHello * 100).toFixed(0)} % of hello`,
      );
    }
    return rows;
  } finally {
    await server.stop();
  }
}
