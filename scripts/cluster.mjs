#!/usr/bin/env node
// `npm run start:cluster -- [--nodes N] [--nginx PORT]`: N monitor server processes on
// consecutive ports from PORT (default 8000), sharing one status through Redis (REDIS_URL) with
// leader election on the shared PostgreSQL (DATABASE_URL). With --nginx, also nginx on PORT
// (loopback) running deploy/nginx.conf rendered for those ports: one endpoint for every client.
//
// A process that dies is started again after a second. SIGHUP: rolling restart (one process at
// a time, the next once the restarted one answers). SIGINT/SIGTERM: stop everything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderNginxConf } from '../deploy/render-nginx-conf.mjs';
import { loadDotEnv } from './dotenv.mjs';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
loadDotEnv(root);
const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: process.env.CLUSTER_NODES ?? '3' },
    nginx: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'usage: npm run start:cluster -- [--nodes N] [--nginx PORT]   (env: DATABASE_URL, REDIS_URL, PORT, ...)',
  );
  process.exit(0);
}
const count = Number(values.nodes);
const basePort = Number(process.env.PORT ?? 8000);
if (!Number.isInteger(count) || count < 1 || count > 64)
  fail(`--nodes: expected 1 to 64, got "${values.nodes}"`);
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count > 65535)
  fail(`PORT: bad base port "${process.env.PORT}"`);
if (!process.env.DATABASE_URL)
  fail('DATABASE_URL is required: the processes share one PostgreSQL database');
if (!process.env.REDIS_URL)
  fail('REDIS_URL is required: the processes share the status through Redis');

function fail(message) {
  console.error(`[cluster] ${message}`);
  process.exit(2);
}

const log = (message) => console.log(`[cluster] ${message}`);
if (!ensureBuilt(log)) process.exit(1);
let stopping = false;

/** One monitor process, restarted when it dies unless the cluster is stopping. */
class Node {
  constructor(index) {
    this.index = index;
    this.port = basePort + index;
    this.name = `node-${index + 1}`;
    this.child = null;
    this.exited = Promise.resolve();
    this.restarting = false;
  }

  start() {
    const env = {
      ...process.env,
      PORT: String(this.port),
      NODE_ID: `${process.env.NODE_ID ?? hostname()}-${this.port}`,
      // Behind nginx the client address comes from X-Forwarded-For (nginx replaces it).
      TRUST_PROXY: process.env.TRUST_PROXY ?? (values.nginx ? 'true' : 'false'),
    };
    if (values.nginx && !process.env.HOST) env.HOST = '127.0.0.1';
    const child = spawn(process.execPath, ['packages/server/dist/main.js'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) prefixLines(stream, `[${this.name}] `);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.child = null;
        resolve();
        if (stopping || this.restarting) return;
        log(`${this.name} exited (${signal ?? code}); starting it again in 1 s`);
        setTimeout(() => !stopping && this.start(), 1000);
      }),
    );
    log(`${this.name} starting on port ${this.port}`);
  }

  async stop(signal = 'SIGTERM') {
    this.child?.kill(signal);
    await this.exited;
  }

  /** Resolves once the process answers HTTP (or after 60 s). */
  async answering() {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`http://127.0.0.1:${this.port}/api/health`);
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return false;
  }

  async restart() {
    this.restarting = true;
    await this.stop('SIGTERM');
    this.restarting = false;
    this.start();
    return this.answering();
  }
}

function prefixLines(stream, prefix) {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
  });
}

const nodes = Array.from({ length: count }, (_, i) => new Node(i));
if (!process.env.INGEST_TOKENS?.trim()) {
  // Every process reads the one file the first of them creates (exclusively), so a pipeline
  // holding that token may write to any of them; set INGEST_TOKENS when they run apart.
  log(
    `INGEST_TOKENS unset: the processes share the token generated in ${process.env.DATA_DIR ?? './data'}/ingest-token`,
  );
}
for (const node of nodes) node.start();

let nginx = null;
if (values.nginx) {
  const nginxBinary =
    process.env.NGINX_BINARY ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
  const dir = join(tmpdir(), `monitor-cluster-nginx-${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  const conf = renderNginxConf(readFileSync(join(root, 'deploy/nginx.conf'), 'utf8'), {
    listen: `127.0.0.1:${values.nginx}`,
    upstreams: nodes.map((node) => `127.0.0.1:${node.port}`),
    dir,
    workers: 2,
  });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  nginx = spawn(nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  nginx.on('exit', (code) => {
    if (!stopping) log(`nginx exited (${code}); see ${dir}/error.log`);
  });
  log(
    `nginx on http://127.0.0.1:${values.nginx} -> ports ${basePort}..${basePort + count - 1} (logs in ${dir})`,
  );
} else {
  log(
    `processes on ports ${basePort}..${basePort + count - 1}; put them behind deploy/nginx.conf (or use --nginx PORT)`,
  );
}

let rolling = false;
process.on('SIGHUP', async () => {
  if (rolling || stopping) return;
  rolling = true;
  log('rolling restart');
  for (const node of nodes) {
    if (stopping) break;
    const ok = await node.restart();
    log(`${node.name} ${ok ? 'back' : 'did not answer within 60 s'}`);
  }
  rolling = false;
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
    nginx?.kill('SIGQUIT');
    process.exit(0);
  });
}
