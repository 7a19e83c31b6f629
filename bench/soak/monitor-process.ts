import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The ingest token of the soak's server ({@link IngestWriter} sends it). */
export const SOAK_INGEST_TOKEN = 'soak-ingest-token-00000001';

/**
 * The server settings every soak or storm of `clients` needs: connection limits just above the
 * load, no per-address handshake limit (all clients come from loopback), and the database
 * given or PGlite in memory.
 */
export function loadTestEnvironment(
  clients: number,
  databaseUrl: string | undefined,
): Record<string, string> {
  return {
    MAX_CONNECTIONS: String(Math.ceil(clients * 1.05) + 100),
    MAX_CONNECTIONS_PER_IP: String(clients + 100),
    HANDSHAKES_PER_IP_PER_MINUTE: '10000000',
    // Every load-test client comes from loopback: per-address HTTP limits off.
    STATUS_REQUESTS_PER_IP_PER_MINUTE: '10000000',
    SSE_OPENS_PER_IP_PER_MINUTE: '10000000',
    INGEST_REQUESTS_PER_IP_PER_MINUTE: '10000000',
    AUTH_FAILURES_PER_IP_PER_MINUTE: '10000000',
    INGEST_TOKENS: SOAK_INGEST_TOKEN,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory' }),
  };
}

/** One sample of the server process: from its `/metrics` and from `/proc`. */
export interface ServerSample {
  rssBytes: number;
  heapUsedBytes: number;
  /** Active libuv handles (sockets, timers, servers). */
  handles: number;
  /** Open file descriptors. */
  fds: number;
  /** Event-loop lag p99 and max since the previous sample (the monitor's own figures). */
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** Live connections the server counts. */
  connections: number;
  /** CPU time used (user + system), ms, since the process started. */
  cpuMs: number;
  messagesSent: number;
  refused: Record<string, number>;
  closed: Record<string, number>;
}

/** Options of {@link MonitorProcess.start}. */
export interface MonitorOptions {
  port: number;
  env: Record<string, string>;
  /** CPU core to pin the server to (`taskset`); null: not pinned. */
  core: number | null;
}

/** The real server (`packages/server/src/main.ts`) in its own process. */
export class MonitorProcess {
  readonly child: ChildProcess;
  readonly port: number;
  #output = '';

  private constructor(child: ChildProcess, port: number) {
    this.child = child;
    this.port = port;
    const keep = (chunk: Buffer) => {
      // Keep the tail only: enough to explain a failure.
      this.#output = (this.#output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts the server and waits until it answers its health route. */
  static async start(options: MonitorOptions, timeoutMs = 120_000): Promise<MonitorProcess> {
    // The compiled server, as `npm start` runs it.
    if (!ensureBuilt()) throw new Error('compiling the server failed: see the output above');
    const node = [process.execPath, 'packages/server/dist/main.js'];
    const [command, ...args] =
      options.core === null ? node : ['taskset', '-c', String(options.core), ...node];
    const child = spawn(command!, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(options.port),
        DEMO: 'false',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const monitor = new MonitorProcess(child, options.port);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited before answering:\n${monitor.output}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${options.port}/api/health`);
        if (response.ok) return monitor;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server did not answer in ${timeoutMs} ms:\n${monitor.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The tail of what it printed. */
  get output(): string {
    return this.#output;
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }

  /** Reads `/metrics`, `/api/v1/monitoring/metrics` and `/proc/<pid>`. */
  async sample(): Promise<ServerSample> {
    const base = `http://127.0.0.1:${this.port}`;
    const [text, summary] = await Promise.all([
      fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text()),
      fetch(`${base}/api/v1/monitoring/metrics`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) =>
          r.json() as Promise<{
            event_loop_lag_ms: number | null;
            event_loop_lag_max_ms: number | null;
            connections: { total: number };
            messages_sent_total: number;
            refused_by_reason: Record<string, number>;
            closed_by_reason: Record<string, number>;
          }>,
      ),
    ]);
    const metric = (name: string) => {
      const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
      return match ? Number(match[1]) : NaN;
    };
    return {
      rssBytes: metric('process_resident_memory_bytes'),
      heapUsedBytes: metric('nodejs_heap_size_used_bytes'),
      handles: metric('nodejs_active_handles_total'),
      fds: this.#fds(),
      lagP99Ms: summary.event_loop_lag_ms,
      lagMaxMs: summary.event_loop_lag_max_ms,
      connections: summary.connections.total,
      cpuMs: this.#cpuMs(),
      messagesSent: summary.messages_sent_total,
      refused: summary.refused_by_reason,
      closed: summary.closed_by_reason,
    };
  }

  /** Live connections the server counts, at the server's time (epoch ms) of counting. */
  async connections(): Promise<{ at: number; total: number }> {
    const summary = (await (
      await fetch(`http://127.0.0.1:${this.port}/api/v1/monitoring/metrics`)
    ).json()) as { timestamp: string; connections: { total: number } };
    return { at: Date.parse(summary.timestamp), total: summary.connections.total };
  }

  #fds(): number {
    try {
      return readdirSync(`/proc/${this.pid}/fd`).length;
    } catch {
      return NaN;
    }
  }

  /** utime + stime of the server process, and of `taskset`'s exec'd node (same pid). */
  #cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return (ticks * 1000) / 100;
    } catch {
      return NaN;
    }
  }
}
