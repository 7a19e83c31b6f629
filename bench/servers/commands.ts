/** Memory of a server process (bytes), after a full GC when asked. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  connections: number;
}

/** One broadcast, measured inside the server process. */
export interface BroadcastSample {
  seq: number;
  /** When the broadcast began (epoch ms, sub-ms resolution). */
  startedAtMs: number;
  /** Time until the send loop finished (all slices, if sliced). */
  loopMs: number;
  /** CPU time of the process from the start of the loop until one turn after it finished. */
  cpuUserMs: number;
  cpuSystemMs: number;
  clients: number;
}

/** Event-loop delay over a window: how late each 1 ms timer fired (ms). */
export interface LagSample {
  delaysMs: Float64Array;
}

/** How a server is started inside the host process. */
export interface StartRequest {
  /** The status document every server sends, as JSON. */
  documentJson: string;
  /** Server-specific settings. */
  settings?: Record<string, string>;
}

/** Where a started server listens. */
export interface StartedServer {
  pid: number;
  /** Every address clients may use (127.0.0.1 and 127.0.0.2, each with its own port). */
  addresses: { host: string; port: number }[];
}

/** Commands the server host process answers. */
export type ServerCommands = {
  start: { request: StartRequest; response: StartedServer };
  memory: { request: { gc: boolean }; response: MemorySample };
  broadcast: { request: { mode?: string | undefined }; response: BroadcastSample };
  'lag-start': { request: Record<string, never>; response: null };
  'lag-stop': { request: Record<string, never>; response: LagSample };
  /** CPU time used since the previous call (ms). */
  /** Starts the V8 CPU profiler (around the measured broadcasts, with `--profile`). */
  'profile-start': { request: Record<string, never>; response: null };
  /** Stops it and writes the profile to `path` (a .cpuprofile for DevTools or profile-summary.ts). */
  'profile-stop': { request: { path: string }; response: { path: string } };
  /** Writes a V8 heap snapshot (after a full GC) to `path`, to see what each connection costs. */
  'heap-snapshot': { request: { path: string }; response: { path: string } };
  /** A server-specific action (see `BenchServer.action`). */
  action: { request: { name: string; body?: unknown }; response: unknown };
  cpu: { request: Record<string, never>; response: { userMs: number; systemMs: number } };
  stop: { request: Record<string, never>; response: null };
};
