import { IpcClient, spawnPinned } from '../ipc';
import type {
  BroadcastSample,
  LagSample,
  MemorySample,
  ServerCommands,
  StartedServer,
} from './commands';
import { fetchDocument } from '../document';
import type { ServerKind } from './kinds';

/** A running server under test, seen from the bench. */
export interface ServerHandle {
  readonly kind: ServerKind;
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** Every address clients may use (the first is 127.0.0.1:`port`). */
  readonly addresses: { host: string; port: number }[];
  readonly pid: number;
  memory(gc?: boolean): Promise<MemorySample>;
  broadcast(mode?: string): Promise<BroadcastSample>;
  lagStart(): Promise<void>;
  lagStop(): Promise<LagSample>;
  cpu(): Promise<{ userMs: number; systemMs: number }>;
  /** Starts the CPU profiler in the server process. */
  profileStart(): Promise<void>;
  /** Stops it and writes the profile to `path`. */
  profileStop(path: string): Promise<void>;
  /** Writes a heap snapshot of the server process to `path`. */
  heapSnapshot(path: string): Promise<string>;
  /** A server-specific action (see `BenchServer.action`). */
  action(name: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Options of {@link launchServer}. */
export interface LaunchOptions {
  /** Core the server process is pinned to. */
  core: number;
  documentJson: string;
  settings?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

/** Starts a server under test in its own process, pinned to one core, and waits until it listens. */
export async function launchServer(
  kind: ServerKind,
  options: LaunchOptions,
): Promise<ServerHandle> {
  const child = spawnPinned(new URL('./host.ts', import.meta.url), {
    core: options.core,
    nodeArgs: ['--expose-gc', '--max-old-space-size=4096'],
    args: [kind],
    env: options.env,
  });
  const ipc = new IpcClient<ServerCommands>(child);
  let started: StartedServer;
  try {
    started = await ipc.request(
      'start',
      { documentJson: options.documentJson, settings: options.settings },
      300_000,
    );
  } catch (error) {
    ipc.kill();
    throw error;
  }
  return {
    kind,
    port: started.addresses[0]?.port ?? 0,
    addresses: started.addresses,
    pid: started.pid,
    memory: (gc = true) => ipc.request('memory', { gc }),
    broadcast: (mode) => ipc.request('broadcast', { mode }, 600_000),
    lagStart: async () => {
      await ipc.request('lag-start', {});
    },
    lagStop: () => ipc.request('lag-stop', {}),
    cpu: () => ipc.request('cpu', {}),
    profileStart: async () => {
      await ipc.request('profile-start', {});
    },
    profileStop: async (path) => {
      await ipc.request('profile-stop', { path }, 120_000);
    },
    heapSnapshot: async (path) => (await ipc.request('heap-snapshot', { path }, 300_000)).path,
    action: (name, body) => ipc.request('action', { name, body }),
    stop: async () => {
      await ipc.request('stop', {}, 30_000).catch(() => ipc.kill());
      await ipc.waitForExit(10_000);
    },
  };
}

/** What a part that runs several servers at once needs. */
export interface SideBySideOptions {
  /** Servers measured together; the first is the one the others are compared with. */
  kinds: ServerKind[];
  serverCore: number;
  loadCore: number;
  /** The document the peers send until the real server's own is fetched. */
  documentJson: string;
  log: (line: string) => void;
}

/**
 * Starts `kinds` side by side on one core, the real server first so that the others send its
 * own status document; returns them in the order of `kinds`. If one fails to start, the ones
 * already running are stopped.
 */
export async function launchSideBySide(
  kinds: readonly ServerKind[],
  options: { core: number; documentJson: string },
): Promise<ServerHandle[]> {
  const started = new Map<ServerKind, ServerHandle>();
  let documentJson = options.documentJson;
  try {
    for (const kind of [...kinds].sort((a, b) => Number(b === 'ours') - Number(a === 'ours'))) {
      const server = await launchServer(kind, { core: options.core, documentJson });
      started.set(kind, server);
      if (kind === 'ours') documentJson = await fetchDocument(server.port);
    }
  } catch (error) {
    await Promise.all([...started.values()].map((server) => server.stop().catch(() => {})));
    throw error;
  }
  return kinds.map((kind) => started.get(kind)!);
}
