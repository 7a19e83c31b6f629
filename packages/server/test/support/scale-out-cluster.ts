import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { accepts } from './scale-out-nginx';
import { killGroup, OWN_PROCESS_GROUP, TSX_SOURCE_ARGS } from '../../../../testing/process-group';
import { vi } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = 'packages/server/src/main.ts';

/** The `INGEST_TOKENS` every cluster process accepts. */
export const SCALE_OUT_INGEST_TOKEN = 'scale-out-ingest-token-0001';

/** One sample of a Prometheus text exposition: `name{labels} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (enough of it for our own metrics). */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The metrics of one process, as read from its `/metrics`. */
export class Metrics {
  constructor(readonly samples: MetricSample[]) {}
  /** Sum of every sample of `name` whose labels include `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }
  /** Status computations so far (the compute-duration histogram's count). */
  get computations(): number {
    return this.sum('monitor_status_compute_duration_seconds_count');
  }
  get isLeader(): boolean {
    return this.sum('monitor_cluster_leader') === 1;
  }
  get computing(): boolean {
    return this.sum('monitor_cluster_computing') === 1;
  }
  get busConnected(): boolean {
    return this.sum('monitor_bus_connected') === 1;
  }
  get connections(): number {
    return this.sum('monitor_live_connections');
  }
}

/** Environment shared by every process of a test cluster. */
export interface ClusterEnv {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** `BROADCAST_INTERVAL` in seconds. */
  broadcastInterval: number;
  /** More settings, e.g. limits. */
  extra?: Record<string, string>;
}

/**
 * One monitor server process (`node --import tsx packages/server/src/main.ts`), as an operator
 * runs it: its own port and node id, started, stopped (SIGTERM) or killed (SIGKILL), and
 * started again on the same port.
 */
export class MonitorProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly #env: ClusterEnv;
  #child: ChildProcess | null = null;
  #exited: Promise<number | null> = Promise.resolve(null);
  #output: string[] = [];

  constructor(nodeId: string, port: number, env: ClusterEnv) {
    this.nodeId = nodeId;
    this.port = port;
    this.#env = env;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last lines the process wrote (pino JSON), for failure messages. */
  output(lines = 40): string {
    return this.#output.slice(-lines).join('\n');
  }

  /** Spawns the process and resolves once it answers HTTP on its port. */
  async start(timeoutMs = 60_000): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATABASE_URL: this.#env.databaseUrl,
      REDIS_URL: this.#env.redisUrl,
      REDIS_PREFIX: this.#env.redisPrefix,
      BROADCAST_INTERVAL: String(this.#env.broadcastInterval),
      NODE_ID: this.nodeId,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      // Set, so no process generates one under the repository's ./data.
      INGEST_TOKENS: SCALE_OUT_INGEST_TOKEN,
      ...this.#env.extra,
    };
    const child = spawn(process.execPath, [...TSX_SOURCE_ARGS, MAIN], {
      ...OWN_PROCESS_GROUP,
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#output = [];
    // SCALE_OUT_LOG_DIR=dir keeps every process's whole log there, for a look after the run.
    const logDir = process.env.SCALE_OUT_LOG_DIR;
    const keep = (chunk: Buffer) => {
      if (logDir) appendFileSync(join(logDir, `${this.nodeId}.log`), chunk);
      this.#output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.#output.length > 400) this.#output.splice(0, this.#output.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const state = async () =>
      !this.running
        ? 'exited'
        : (await accepts(this.port)) && (await this.#answers())
          ? 'up'
          : 'starting';
    // Until it answers or exits (a process that exits stops the wait at once).
    await vi
      .waitFor(
        async () => {
          if ((await state()) === 'starting') throw new Error('starting');
        },
        { timeout: timeoutMs, interval: 100 },
      )
      .catch(() => undefined);
    const started = await state();
    if (started !== 'up')
      throw new Error(
        `${this.nodeId} ${started === 'exited' ? 'exited at start' : 'did not start'}:\n${this.output()}`,
      );
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    killGroup(child, signal);
    const killer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(killer);
  }

  /** Reads `/metrics`. */
  async metrics(): Promise<Metrics> {
    const response = await fetch(`http://127.0.0.1:${this.port}/metrics`);
    if (!response.ok) throw new Error(`${this.nodeId} /metrics: ${response.status}`);
    return new Metrics(parseMetrics(await response.text()));
  }

  async #answers(): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/api/health`);
      await response.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  }
}

/** One message seen on the shared stream. */
export interface StreamMessage {
  seq: number;
  nodeId: string;
  /** Arrival, `performance.now()`. */
  at: number;
}

/**
 * Watches the cluster's Redis channel directly (not through the test's proxy), so the test
 * knows every update that was published, by whom, in order.
 */
export class StreamObserver {
  readonly messages: StreamMessage[] = [];
  readonly #redis: Redis;

  private constructor(redis: Redis) {
    this.#redis = redis;
  }

  static async start(redisUrl: string, channel: string): Promise<StreamObserver> {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const observer = new StreamObserver(redis);
    redis.on('message', (_channel: string, raw: string) => {
      const { seq, nodeId } = JSON.parse(raw) as { seq: number; nodeId: string };
      observer.messages.push({ seq, nodeId, at: performance.now() });
    });
    await redis.subscribe(channel);
    return observer;
  }

  /** Seqs published in [from, to] (monotonic ms). */
  seqs(from: number, to = Number.POSITIVE_INFINITY): number[] {
    return this.messages.filter((m) => m.at >= from && m.at <= to).map((m) => m.seq);
  }

  /** Stops watching and deletes every key under `prefix`. */
  async cleanUp(prefix: string): Promise<void> {
    await this.#redis.unsubscribe();
    const keys = await this.#redis.keys(`${prefix}*`);
    if (keys.length > 0) await this.#redis.del(...keys);
    this.#redis.disconnect();
  }
}
