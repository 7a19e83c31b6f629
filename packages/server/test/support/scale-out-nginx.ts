import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the tests look for nginx (the Debian package). */
export const NGINX_BINARY = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** The deployed nginx config: the tests run this very file, rendered for loopback. */
export const DEPLOY_NGINX_CONF = fileURLToPath(
  new URL('../../../../deploy/nginx.conf', import.meta.url),
);

/** What {@link renderNginxConf} puts in place of the deployment's hosts, ports and paths. */
export interface NginxRendering {
  /** Loopback port nginx listens on. */
  port: number;
  /** Loopback ports of the monitor processes. */
  upstreamPorts: number[];
  /** Directory for the pid file, logs and temp files. */
  dir: string;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(
    new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  );
  if (matches?.length !== 1) {
    throw new Error(
      `deploy/nginx.conf changed shape: expected one ${what}, found ${matches?.length ?? 0}`,
    );
  }
  return text.replace(pattern, replacement);
}

/**
 * The deployment's nginx config with only what differs on a test machine changed: the listen
 * address, the upstream servers (their parameters kept), the pid, log and temp paths, one
 * worker. Everything that matters to WebSocket and SSE (headers, timeouts, buffering,
 * balancing, retries) is the deployed text. Throws when the file no longer has the expected
 * shape, so the two cannot drift apart silently.
 */
export function renderNginxConf(template: string, rendering: NginxRendering): string {
  const { port, upstreamPorts, dir } = rendering;
  let text = template;
  const serverBlock = /# servers:begin\n([\s\S]*?)\n\s*# servers:end/;
  const servers = serverBlock.exec(text)?.[1];
  const parameters = servers && /server\s+\S+\s+([^;]*);/.exec(servers)?.[1];
  if (parameters === undefined || parameters === null) {
    throw new Error(
      'deploy/nginx.conf changed shape: no "# servers:begin/end" block with server lines',
    );
  }
  const lines = upstreamPorts.map((p) => `    server 127.0.0.1:${p} ${parameters};`).join('\n');
  text = text.replace(
    serverBlock,
    `# servers (rendered for the test)\n${lines}\n    # servers:end`,
  );
  text = replaceOnce(text, /^worker_processes .*;$/m, 'worker_processes 1;', 'worker_processes');
  text = replaceOnce(text, /^pid .*;$/m, `pid ${join(dir, 'nginx.pid')};`, 'pid');
  text = replaceOnce(
    text,
    /^error_log .*;$/m,
    `error_log ${join(dir, 'error.log')} info;`,
    'error_log',
  );
  text = replaceOnce(text, /^( {2}access_log )\S+/m, `$1${join(dir, 'access.log')}`, 'access_log');
  text = replaceOnce(text, /^ {4}listen \d+;$/m, `    listen 127.0.0.1:${port};`, 'listen');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${join(dir, `${kind}_temp`)};`)
    .join('\n');
  text = replaceOnce(text, /^http \{$/m, `http {\n${temp}`, 'http block');
  return text;
}

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
  return existsSync(NGINX_BINARY)
    ? null
    : `nginx is not installed at ${NGINX_BINARY} (apt-get install nginx)`;
}

/** Renders `deploy/nginx.conf` for `upstreamPorts`, starts nginx on `port` and waits until it accepts. */
export async function startNginx(port: number, upstreamPorts: number[]): Promise<NginxProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'monitor-nginx-'));
  await mkdir(dir, { recursive: true, mode: 0o777 });
  const conf = renderNginxConf(await readFile(DEPLOY_NGINX_CONF, 'utf8'), {
    port,
    upstreamPorts,
    dir,
  });
  const confPath = join(dir, 'nginx.conf');
  await writeFile(confPath, conf);
  const child: ChildProcess = spawn(
    NGINX_BINARY,
    ['-p', dir, '-c', confPath, '-g', 'daemon off;'],
    {
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
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${await errorLog()}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen:\n${await errorLog()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      child.kill('SIGQUIT'); // graceful: lets workers finish, then the master exits
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
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
