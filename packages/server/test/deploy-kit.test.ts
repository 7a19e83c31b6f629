/**
 * The operator kit in deploy/ against the real /metrics: promtool accepts the alert rules, the
 * scrape config and a real metrics dump, and every metric the alert rules and the Grafana
 * dashboard name exists in that dump. With DATABASE_URL and REDIS_URL (CI) the server runs as
 * one member of a cluster, so the cluster series are there too.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { SYSTEM_TOOLS, missingSystemTool } from '../../../testing/system-dependencies';
import { buildApp } from '../src/app';
import { createCluster } from '../src/cluster/create-cluster';
import { testConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from './support/scale-out-database';

const DEPLOY = new URL('../../../deploy/', import.meta.url);
const run = promisify(execFile);
const noPromtool = missingSystemTool('Prometheus kit (promtool check)', 'promtool');
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
/** Series only a process in a cluster (REDIS_URL and DATABASE_URL) exports. */
const CLUSTER_ONLY = [
  'monitor_cluster_leader',
  'monitor_cluster_computing',
  'monitor_bus_connected',
  'monitor_cluster_nodes',
];

/** prom-client's default gauges whose names promtool's linter rejects (not ours to rename). */
const PROM_CLIENT_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Metric names a PromQL expression refers to (the server's and the process collector's). */
function referencedMetrics(expr: string): string[] {
  return [...expr.matchAll(/\b(?:monitor|process|nodejs)_[a-z0-9_]+\b/g)].map((match) => match[0]);
}

/** Every sample name a text exposition can contain, from its `# TYPE` lines. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name!}${suffix}`);
    }
  }
  return names;
}

describe('deploy/ operator kit against a real /metrics', () => {
  let dump = '';
  let dir = '';
  const clustered = Boolean(databaseUrl && redisUrl);
  let close = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploy-kit-'));
    let scratch: ScratchDatabase | undefined;
    let database: Database;
    let config = testConfig({ broadcastIntervalMs: 500 });
    if (clustered) {
      scratch = await createScratchDatabase(databaseUrl!, { migrated: true });
      config = testConfig({
        broadcastIntervalMs: 500,
        databaseUrl: scratch.url,
        redisUrl,
        redisPrefix: `naija-monitor-test:${randomBytes(6).toString('hex')}:`,
      });
      database = await openDatabase({ url: scratch.url });
    } else {
      console.warn(
        `[note] deploy kit: without DATABASE_URL and REDIS_URL the cluster series (${CLUSTER_ONLY.join(', ')}) are only checked by name`,
      );
      database = await openDatabase({ dataDir: 'memory' });
      await migrate(database);
    }
    const cluster = createCluster(config);
    const app = await buildApp({ config, database, bus: cluster?.bus, cluster: cluster?.member });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    close = async () => {
      await app.close();
      await database.close();
      await scratch?.dispose();
    };
    // One status document (the pipeline gauges read it) and a few routed requests.
    expect((await fetch(`${base}${PATHS.status}`)).status).toBe(200);
    await fetch(`${base}/api/health/live`);
    const ready = clustered ? /^monitor_cluster_leader\{[^}]*\} 1$/m : /^monitor_pipeline_status/m;
    await vi.waitFor(
      async () => {
        dump = await (await fetch(`${base}${PATHS.metrics}`)).text();
        expect(dump).toMatch(ready);
      },
      { timeout: 20_000, interval: 200 },
    );
    await writeFile(join(dir, 'metrics.txt'), dump);
  }, 60_000);

  afterAll(async () => {
    await close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exports the operator series with Prometheus names', () => {
    expect(dump).toMatch(/^monitor_build_info\{[^}]*version="\d+\.\d+\.\d+"[^}]*\} 1$/m);
    expect(dump).toMatch(
      /^monitor_http_request_duration_seconds_count\{[^}]*route="\/api\/health\/live"/m,
    );
    expect(dump).toMatch(/^monitor_pipeline_status\{[^}]*status="unknown"/m);
    expect(dump).toMatch(/^monitor_live_max_connections\{[^}]*\} \d+$/m);
    expect(dump).toContain('# TYPE monitor_live_sent_bytes_total counter');
    expect(dump).toContain('# TYPE monitor_event_loop_lag_p99_seconds gauge');
    expect(dump).not.toContain('monitor_live_bytes_sent_total');
  });

  it('names in the alert rules and the Grafana dashboard all exist in /metrics', async () => {
    const rules = await readFile(new URL('prometheus/alerts.yml', DEPLOY), 'utf8');
    const grafana = JSON.parse(
      await readFile(new URL('grafana/naija-monitor.json', DEPLOY), 'utf8'),
    ) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const expressions = [
      ...[...rules.matchAll(/^\s+expr: (.+)$/gm)].map((match) => match[1]!),
      ...grafana.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ];
    expect(expressions.length).toBeGreaterThan(20);
    const exposed = exposedNames(dump);
    const missing = [...new Set(expressions.flatMap(referencedMetrics))].filter(
      (name) => !exposed.has(name) && (clustered || !CLUSTER_ONLY.includes(name)),
    );
    expect(missing).toEqual([]);
  });

  describe.skipIf(noPromtool)('promtool', () => {
    const promtool = SYSTEM_TOOLS.promtool.path();

    it('accepts the alert rules and the scrape config', async () => {
      await run(promtool, ['check', 'rules', new URL('prometheus/alerts.yml', DEPLOY).pathname]);
      await run(promtool, [
        'check',
        'config',
        new URL('prometheus/prometheus.yml', DEPLOY).pathname,
      ]);
    });

    it('finds no problem in a real /metrics dump', async () => {
      const child = execFile(promtool, ['check', 'metrics']);
      const output: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        child.once('close', resolve);
        child.stdin?.end(dump);
      });
      // prom-client's own default collector names three gauges `_total`; those are not ours to
      // rename. Anything else promtool reports is a problem of this server's metrics.
      const problems = output
        .join('')
        .split('\n')
        .filter(Boolean)
        .filter((line) => !PROM_CLIENT_DEFAULTS.some((name) => line.startsWith(`${name} `)));
      expect(problems, 'promtool check metrics').toEqual([]);
      expect(code === 0 || problems.length === 0).toBe(true);
    });
  });
});

describe('deploy/ files an operator runs as they are', () => {
  const read = (path: string) => readFile(new URL(path, DEPLOY), 'utf8');

  it('nginx gzips JSON and assets, rate-limits /api/ and never logs a query string (tokens)', async () => {
    const conf = await read('nginx.conf');
    expect(conf).toMatch(/^\s+gzip on;$/m);
    expect(conf).toMatch(/gzip_types[^;]*application\/json[^;]*application\/javascript/);
    expect(conf).not.toMatch(/gzip_types[^;]*text\/event-stream/);
    expect(conf).toMatch(/limit_req_zone \$binary_remote_addr zone=api:/);
    expect(conf).toMatch(/location \/api\/ \{\s+limit_req zone=api/);
    const logFormat = /log_format monitor ([^;]+);/.exec(conf)![1]!;
    expect(logFormat).not.toMatch(/\$request\b|\$request_uri|\$args|\$query_string/);
    expect(logFormat).toContain('$uri');
  });

  it('the image runs compiled JavaScript as a non-root user with production dependencies only', async () => {
    const dockerfile = await read('Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM node:(2[2-9]|[3-9]\d)-/m);
    expect(stages[0]).toMatch(/npm install -g npm@11/);
    expect(stages[1]).toMatch(/npm ci --omit=dev/);
    expect(stages[1]).toMatch(/^USER node$/m);
    expect(stages[1]).toContain('/api/health/live');
    expect(stages[1]).toMatch(/^CMD \["node", "packages\/server\/dist\/main\.js"\]$/m);
    const instructions = dockerfile.split('\n').filter((line) => !line.startsWith('#'));
    expect(instructions.join('\n')).not.toMatch(/tsx/);
    expect(await read('Procfile')).not.toMatch(/tsx/);
  });

  it('compose runs the demo pipeline with an ingest token, and raises the open-files limit', async () => {
    const compose = await read('compose.yaml');
    expect(compose).toMatch(/^ {2}pipeline:$/m);
    expect(compose).toMatch(/--demo/);
    expect(compose).toMatch(/INGEST_TOKENS: /);
    expect(compose).toMatch(/INGEST_TOKEN: /);
    expect(compose).toMatch(/nofile:\s+soft: \d+/);
  });

  it('the systemd unit sets the open-files limit and a clean stop', async () => {
    const unit = await read('systemd/naija-monitor.service');
    expect(unit).toMatch(/^LimitNOFILE=\d+$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^EnvironmentFile=/m);
    expect(unit).toMatch(/^ExecStart=\S*node packages\/server\/dist\/main\.js$/m);
  });
});
