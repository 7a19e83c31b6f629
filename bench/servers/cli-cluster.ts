import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep } from '../clock';
import { freePort } from '../free-port';
import { pinnedCommand } from '../ipc';
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

/** One process of the real server, started through its CLI entry (`main.ts`). */
export interface CliServer {
  readonly port: number;
  readonly pid: number;
  /** Resident memory now (bytes), from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
}

async function waitUntilReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`server on port ${port} not ready after ${timeoutMs} ms`);
}

/**
 * Starts the real server's CLI (compiled `packages/server/dist/main.js`, as `npm start` runs it) pinned
 * to `core`, with `env` on top of the bench's settings (no demo, no periodic updates, limits
 * above the bench's load), and waits for `/api/health`.
 */
export async function startCliServer(
  core: number,
  env: Record<string, string>,
): Promise<CliServer> {
  const port = await freePort();
  if (!ensureBuilt()) throw new Error('compiling the server failed: see the output above');
  const [command, ...args] = pinnedCommand(core, [process.execPath, MAIN]);
  const child = spawn(command as string, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      BROADCAST_INTERVAL: '3600',
      MAX_CONNECTIONS: '19500',
      MAX_CONNECTIONS_PER_IP: '1000000',
      HANDSHAKES_PER_IP_PER_MINUTE: '10000000',
      MAX_HANDSHAKES_PER_SECOND: '1000000',
      CONNECTION_MAX_AGE: String(7 * 86_400),
      // Every load-test client comes from loopback: per-address HTTP limits off.
      STATUS_REQUESTS_PER_IP_PER_MINUTE: '10000000',
      SSE_OPENS_PER_IP_PER_MINUTE: '10000000',
      INGEST_REQUESTS_PER_IP_PER_MINUTE: '10000000',
      AUTH_FAILURES_PER_IP_PER_MINUTE: '10000000',
      ...env,
    },
  });
  try {
    await waitUntilReady(port, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : Number.NaN;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
