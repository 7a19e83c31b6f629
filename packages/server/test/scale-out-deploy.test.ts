/**
 * The deployment files stay usable and in step: deploy/nginx.conf has what WebSocket and SSE
 * need behind a proxy and passes `nginx -t` once rendered for loopback (as the scale-out test
 * runs it); compose.yaml and the Dockerfile match it and the workspaces.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderNginxConf } from '../../../deploy/render-nginx-conf.mjs';
import { loadConfig } from '../src/config';
import { DEPLOY_NGINX_CONF, NGINX_BINARY, nginxSkipReason } from './support/scale-out-nginx';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFile(join(root, path), 'utf8');
const skipNginx = nginxSkipReason();
if (skipNginx) console.warn(`[skip] nginx -t of the rendered config: ${skipNginx}`);

/** The body of the first `location` block whose header matches `header`. */
function location(conf: string, header: RegExp): string {
  const start = conf.search(new RegExp(`location ${header.source}\\s*\\{`));
  expect(start, `a location ${header.source}`).toBeGreaterThan(0);
  return conf.slice(start, conf.indexOf('}', start));
}

/** Seconds of an nginx time like `75s` or `2m`. */
function seconds(value: string): number {
  const match = /^(\d+)(s|m)?$/.exec(value);
  if (!match) throw new Error(`not an nginx time: ${value}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

describe('deploy/nginx.conf', () => {
  it('upgrades WebSockets, never buffers SSE, outlasts the ping interval, and cannot be fooled by X-Forwarded-For', async () => {
    const conf = await read('deploy/nginx.conf');
    // Set once at http level (a location with its own proxy_set_header would inherit none).
    expect(conf).toMatch(/^ {2}proxy_http_version 1\.1;$/m);
    expect(conf).toMatch(/^ {2}proxy_set_header Upgrade \$http_upgrade;$/m);
    expect(conf).toMatch(/^ {2}proxy_set_header Connection \$connection_upgrade;$/m);
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade \{[^}]*default\s+upgrade;/);
    expect(conf).toMatch(/^ {2}proxy_set_header X-Forwarded-For \$remote_addr;$/m);
    expect(conf.match(/proxy_set_header/g)).toHaveLength(
      conf.slice(0, conf.indexOf('server {')).match(/proxy_set_header/g)!.length,
    );
    expect(conf).toMatch(/upstream monitor \{[^}]*least_conn;/);

    const pingSeconds = loadConfig({}).pingIntervalMs / 1000;
    const ws = location(conf, /~ \^\(\/api\/v1\)\?\/ws\//);
    const sse = location(conf, /= \/api\/v1\/monitoring\/pipeline-status\/stream/);
    for (const block of [ws, sse]) {
      const read = /proxy_read_timeout (\w+);/.exec(block)?.[1];
      expect(seconds(read!)).toBeGreaterThan(pingSeconds * 2);
    }
    expect(sse).toMatch(/proxy_buffering off;/);
  });

  it.skipIf(skipNginx)('passes nginx -t once rendered for loopback', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'monitor-nginx-t-'));
    try {
      const conf = renderNginxConf(await readFile(DEPLOY_NGINX_CONF, 'utf8'), {
        listen: '127.0.0.1:1',
        upstreams: ['127.0.0.1:2', '127.0.0.1:3'],
        dir,
      });
      expect(conf).toMatch(
        /server 127\.0\.0\.1:2 max_fails=0;\n\s+server 127\.0\.0\.1:3 max_fails=0;/,
      );
      await writeFile(join(dir, 'nginx.conf'), conf);
      const { stderr } = await promisify(execFile)(NGINX_BINARY, [
        '-t',
        '-p',
        dir,
        '-c',
        join(dir, 'nginx.conf'),
      ]);
      expect(stderr).toMatch(/syntax is ok/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to render a config whose shape changed, so tests and deployment cannot drift apart', async () => {
    const conf = await read('deploy/nginx.conf');
    const options = { listen: '127.0.0.1:1', upstreams: ['127.0.0.1:2'], dir: '/tmp/x' };
    expect(() => renderNginxConf(conf.replace('# servers:begin', ''), options)).toThrow(/shape/);
    expect(() =>
      renderNginxConf(conf.replace(/listen 80;/, 'listen 80; listen 81;'), options),
    ).toThrow(/listen/);
  });
});

describe('deploy/compose.yaml and deploy/Dockerfile', () => {
  it('run the processes nginx.conf balances over, with the shared database and Redis', async () => {
    const [conf, compose] = await Promise.all([
      read('deploy/nginx.conf'),
      read('deploy/compose.yaml'),
    ]);
    const block = /# servers:begin\n([\s\S]*?)# servers:end/.exec(conf)![1]!;
    const upstream = [...block.matchAll(/server (monitor-\d+):8000\b/g)].map((m) => m[1]);
    const services = [...compose.matchAll(/^ {2}(monitor-\d+):$/gm)].map((m) => m[1]);
    expect(upstream.length).toBeGreaterThanOrEqual(2);
    expect(services).toEqual(upstream);
    expect(compose).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'TRUST_PROXY']) {
      expect(compose).toMatch(new RegExp(`^ {2}${variable}: `, 'm'));
    }
  });

  it('copies every workspace manifest before installing', async () => {
    const [pkg, dockerfile] = await Promise.all([read('package.json'), read('deploy/Dockerfile')]);
    const workspaces = (JSON.parse(pkg) as { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) {
      expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
  });
});
