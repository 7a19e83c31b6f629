#!/usr/bin/env node
// `npm start`: builds the dashboard when it is missing and compiles the server and pipeline when
// their dist/ is missing or stale, starts the compiled monitor server with plain `node` and, when
// DEMO is on (the default without DATABASE_URL), the reference pipeline replaying its sample
// feeds into the server's ingest API. Ctrl-C or SIGTERM stops both.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDotEnv } from './dotenv.mjs';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
loadDotEnv(root);
const env = { ...process.env };
const port = env.PORT ?? '8000';
const demoRaw = (env.DEMO ?? '').toLowerCase();
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
const dataDir = resolve(root, env.DATA_DIR ?? './data');
if (!env.DATABASE_URL && env.DATA_DIR !== 'memory' && !existsSync(join(dataDir, 'PG_VERSION'))) {
  console.log(`[start] creating the embedded database in ${dataDir} (first start only)...`);
  spawnSync(process.execPath, ['packages/server/dist/cli/migrate.js'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
}

const children = new Set();
function run(name, script, args = []) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env,
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

run('server', 'packages/server/dist/main.js');
if (demo) {
  console.log(
    `[start] demo pipeline on: replaying sample feeds into http://127.0.0.1:${port} (DEMO=false to turn off)`,
  );
  run('demo pipeline', 'packages/pipeline/dist/cli.js', [
    '--demo',
    '--monitor',
    `http://127.0.0.1:${port}`,
  ]);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
  });
}
