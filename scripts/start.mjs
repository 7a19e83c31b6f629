#!/usr/bin/env node
// `npm start`: builds the dashboard when it is missing and compiles the server and pipeline when
// their dist/ is missing or stale, starts the compiled monitor server with plain `node` and, when
// DEMO is on (the default without DATABASE_URL), the reference pipeline replaying its sample
// feeds into the server's ingest API. Ctrl-C or SIGTERM stops both.
//
// Nothing writes to the server without a token, this host included. Without INGEST_TOKENS the
// server generates one in <DATA_DIR>/ingest-token (mode 0600); the demo pipeline gets it in its
// environment (INGEST_TOKEN), never on its command line, where `ps` would show it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { loadDotEnv } from './dotenv.mjs';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
loadDotEnv(root);
const env = { ...process.env };
const port = env.PORT ?? '8000';
// DEMO is this script's setting (the server does not read it): same words as the server's flags.
const demoRaw = (env.DEMO ?? '').trim().toLowerCase();
if (demoRaw !== '' && !/^(1|true|yes|on|0|false|no|off)$/.test(demoRaw)) {
  console.error(`[start] DEMO: expected true/false (or 1/0, yes/no, on/off), got "${env.DEMO}"`);
  process.exit(1);
}
const demo = demoRaw === '' ? !env.DATABASE_URL : ['1', 'true', 'yes', 'on'].includes(demoRaw);

if (!existsSync(`${root}packages/dashboard/dist/index.html`)) {
  console.log('[start] building the dashboard (first start only)...');
  const built = spawnSync('npm', ['run', 'build', '-w', '@naija-monitor/dashboard'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    console.error(
      '[start] dashboard build failed: the API still starts; fix the build and restart.',
    );
  }
}

if (!ensureBuilt()) process.exit(1);

// A new embedded database is created (initdb) in a short-lived process of its own: creating it
// runs a second PostgreSQL instance inside the process, whose memory the server would otherwise
// keep for its whole life (about 750 MB instead of under 250 MB, see BENCHMARKS.md "Footprint").
const dataPath = resolve(root, env.DATA_DIR ?? './data');
if (!env.DATABASE_URL && env.DATA_DIR !== 'memory' && !existsSync(join(dataPath, 'PG_VERSION'))) {
  console.log(`[start] creating the embedded database in ${dataPath} (first start only)...`);
  spawnSync(process.execPath, ['packages/server/dist/cli/migrate.js'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
}

const children = new Set();
function run(name, script, args = [], childEnv = env) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: childEnv,
    stdio: 'inherit',
  });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (name === 'server') {
      for (const other of children) other.kill('SIGTERM');
      process.exitCode = code ?? (signal ? 1 : 0);
    } else if (code !== 0 && signal === null) {
      console.error(`[start] ${name} exited with code ${code}`);
    }
  });
  return child;
}

/** The secret of the first `INGEST_TOKENS` entry (`name:secret` or a bare secret). */
function firstIngestSecret(list) {
  const first = list
    .split(',')
    .map((entry) => entry.trim())
    .find((entry) => entry !== '');
  if (first === undefined) return undefined;
  const named = /^([A-Za-z0-9][\w.@-]{0,63}):(.+)$/.exec(first);
  return named ? named[2] : first;
}

/** The server's generated token, once it has written `path` (it does so before listening). */
async function generatedToken(path) {
  for (let waitedMs = 0; waitedMs < 120_000; waitedMs += 200) {
    if (existsSync(path)) {
      const token = readFileSync(path, 'utf8').trim();
      if (token.length >= 16) return token;
    }
    if (children.size === 0) return undefined; // the server stopped
    await sleep(200);
  }
  return undefined;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
  });
}

const dataDir = (env.DATA_DIR ?? '').trim() || './data';
// An in-memory database keeps no files: this run's token is made here and given to both.
if (demo && !(env.INGEST_TOKENS ?? '').trim() && dataDir === 'memory') {
  env.INGEST_TOKENS = `demo:${randomBytes(24).toString('base64url')}`;
}
run('server', 'packages/server/dist/main.js');
if (demo) {
  const tokenFile = resolve(root, dataDir, 'ingest-token');
  const token = (env.INGEST_TOKENS ?? '').trim()
    ? firstIngestSecret(env.INGEST_TOKENS)
    : await generatedToken(tokenFile);
  if (token === undefined) {
    if (!stopping)
      console.error(`[start] no ingest token in ${tokenFile}: the demo pipeline does not start`);
  } else {
    console.log(
      `[start] demo pipeline on: replaying sample feeds into http://127.0.0.1:${port} (DEMO=false to turn off)`,
    );
    run(
      'demo pipeline',
      'packages/pipeline/dist/cli.js',
      ['--demo', '--monitor', `http://127.0.0.1:${port}`],
      { ...env, INGEST_TOKEN: token },
    );
  }
}
