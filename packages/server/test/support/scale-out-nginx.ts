import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingSystemTool } from '../../../../testing/system-dependencies';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNginxConf } from '../../../../deploy/render-nginx-conf.mjs';
import { killGroup, OWN_PROCESS_GROUP } from '../../../../testing/process-group';
import { vi } from 'vitest';

/** Where the tests look for nginx (the Debian package). */
export const NGINX_BINARY = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** The deployed nginx config: the tests run this very file, rendered for loopback. */
export const DEPLOY_NGINX_CONF = fileURLToPath(
  new URL('../../../../deploy/nginx.conf', import.meta.url),
);

/** nginx running as a child process with a rendered config in its own temp directory. */
export interface NginxProcess extends AsyncDisposable {
  port: number;
  dir: string;
  /** `http://127.0.0.1:<port><path>` */
  httpUrl(path: string): string;
  /** `ws://127.0.0.1:<port><path>` */
  wsUrl(path: string): string;
  /** The error log so far (for failure messages). */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** Why the nginx tests cannot run here, or null. */
export function nginxSkipReason(): string | null {
  // Recorded for the run's closing summary; with CI=true a missing nginx fails instead.
  return missingSystemTool('scale-out behind nginx', 'nginx');
}

/** Renders `deploy/nginx.conf` for `upstreamPorts`, starts nginx on `port` and waits until it accepts. */
export async function startNginx(port: number, upstreamPorts: number[]): Promise<NginxProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'monitor-nginx-'));
  await mkdir(dir, { recursive: true, mode: 0o777 });
  const conf = renderNginxConf(await readFile(DEPLOY_NGINX_CONF, 'utf8'), {
    listen: `127.0.0.1:${port}`,
    upstreams: upstreamPorts.map((p) => `127.0.0.1:${p}`),
    dir,
  });
  const confPath = join(dir, 'nginx.conf');
  await writeFile(confPath, conf);
  const child: ChildProcess = spawn(
    NGINX_BINARY,
    ['-p', dir, '-c', confPath, '-g', 'daemon off;'],
    {
      ...OWN_PROCESS_GROUP,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = async () => {
    const file = join(dir, 'error.log');
    return `${stderr}${existsSync(file) ? await readFile(file, 'utf8') : ''}`;
  };
  const state = async () =>
    child.exitCode !== null ? 'exited' : (await accepts(port)) ? 'up' : 'starting';
  // Until it listens or exits (an nginx that exits stops the wait at once).
  await vi
    .waitFor(
      async () => {
        if ((await state()) === 'starting') throw new Error('starting');
      },
      { timeout: 10_000, interval: 50 },
    )
    .catch(() => undefined);
  const started = await state();
  if (started !== 'up')
    throw new Error(
      `nginx ${started === 'exited' ? 'exited at start' : 'did not listen'}:\n${await errorLog()}`,
    );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      child.kill('SIGQUIT'); // graceful: lets workers finish, then the master exits
      // The group: a SIGKILLed master would leave its workers behind.
      const killer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    // SCALE_OUT_KEEP_NGINX=1 keeps the logs for a look after the run.
    if (process.env.SCALE_OUT_KEEP_NGINX) console.info(`[scale-out] nginx logs kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  };
  return {
    port,
    dir,
    httpUrl: (path) => `http://127.0.0.1:${port}${path}`,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    errorLog,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
