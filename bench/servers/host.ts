/**
 * A server-under-test process: starts one server (named by argv[2]) and answers the bench's
 * commands over IPC: memory after GC, one measured broadcast, event-loop delay windows.
 * Started by `launch.ts` with `--expose-gc`, pinned to the server core.
 */
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { nowMs } from '../clock';
import { cpuSinceLastCall, serveIpc } from '../ipc';
import { LISTEN_BACKLOG, type BenchServer, type ServerOptions } from './bench-server';
import type { ServerCommands } from './commands';
import { CpuProfiler } from './cpu-profiler';
import { LagSampler } from './lag-sampler';
import { listenAlso } from './second-listener';
import { SERVER_KINDS, type ServerKind } from './kinds';

const kind = process.argv[2] as ServerKind;
if (!SERVER_KINDS.includes(kind)) throw new Error(`unknown server kind ${process.argv[2]}`);

const factories: Record<
  ServerKind,
  () => Promise<(options: ServerOptions) => Promise<BenchServer>>
> = {
  floor: async () => (await import('./floor')).startFloor,
  'seed-design': async () => (await import('./seed-design')).startSeedDesign,
  'socket-io': async () => (await import('./socket-io')).startSocketIo,
  ours: async () => (await import('./ours')).startOurs,
  // The same server; its clients speak protocol v2 (see kinds.ts).
  'ours-v2': async () => (await import('./ours')).startOurs,
};

const collectGarbage = (globalThis as { gc?: () => void }).gc;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// A second destination address for clients (see second-listener.ts).
const SECOND_ADDRESS = '127.0.0.2';

let server: BenchServer | null = null;
let second: { close(): Promise<void> } | null = null;
let seq = 0;
const lag = new LagSampler();
const profiler = new CpuProfiler();

function running(): BenchServer {
  if (!server) throw new Error('server not started');
  return server;
}

serveIpc<ServerCommands>({
  async start({ documentJson, settings }) {
    const start = await factories[kind]();
    server = await start({ documentJson, settings: settings ?? {} });
    const extra = await listenAlso(server.httpServer, SECOND_ADDRESS, LISTEN_BACKLOG);
    second = extra;
    return {
      pid: process.pid,
      addresses: [
        { host: '127.0.0.1', port: server.port },
        { host: SECOND_ADDRESS, port: extra.port },
      ],
    };
  },
  async memory({ gc }) {
    if (gc) {
      if (!collectGarbage) throw new Error('start the host with --expose-gc');
      // Two passes with a turn between: the first can leave finalizers that free more.
      collectGarbage();
      await turn();
      collectGarbage();
    }
    const usage = process.memoryUsage();
    return {
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      connections: running().connections(),
    };
  },
  async broadcast({ mode }) {
    const target = running();
    seq++;
    const startedAtMs = nowMs();
    const before = process.cpuUsage();
    const began = performance.now();
    const outcome = await target.broadcast(
      { seq, timestamp: new Date(startedAtMs).toISOString() },
      mode,
    );
    if (outcome) seq = outcome.seq;
    const loopMs = performance.now() - began;
    // Work the loop deferred (nextTick, immediates) belongs to the broadcast too.
    await turn();
    const cpu = process.cpuUsage(before);
    return {
      seq,
      startedAtMs,
      loopMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      clients: target.connections(),
    };
  },
  'lag-start'() {
    lag.start();
    return null;
  },
  'lag-stop'() {
    return { delaysMs: Float64Array.from(lag.stop()) };
  },
  async 'profile-start'() {
    await profiler.start();
    return null;
  },
  async 'profile-stop'({ path }) {
    await profiler.stop(path);
    return { path };
  },
  async 'heap-snapshot'({ path }) {
    collectGarbage?.();
    await turn();
    return { path: writeHeapSnapshot(path) };
  },
  async action({ name, body }) {
    const target = running();
    if (!target.action) throw new Error(`${kind} has no actions`);
    return target.action(name, body);
  },
  cpu: cpuSinceLastCall(),
  async stop() {
    await second?.close();
    await server?.close();
    server = null;
    setImmediate(() => process.exit(0));
    return null;
  },
});
