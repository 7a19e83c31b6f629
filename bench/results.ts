/** Results of one bench run, as written to bench/results/*.json and read by report.ts. */

/** One broadcast variant of one server at one client count. */
export interface FanoutRow {
  /** Variant name (`floor`, `ours`, `socket-io`, `seed-design`, `seed-design:send`). */
  server: string;
  clients: number;
  /** The machine's 1-minute load average after the broadcasts (other work on the machine). */
  loadAverage1m: number;
  connect: {
    /** Clients opened per second while ramping up to `clients`. */
    ratePerSecond: number;
    opened: number;
    failed: number;
    handshakeP99Ms: number;
    /** Server CPU per new client: handshake, registration and its first update (µs). */
    serverCpuUsPerClient: number;
    /** Load-generator CPU per new client (µs): when close to the elapsed time, the load generator set the rate. */
    loadCpuUsPerClient: number;
  };
  memory: {
    rssMb: number;
    heapUsedMb: number;
    /** Marginal RSS per idle client (KB) since the previous client count (or since none). */
    rssPerClientKb: number;
    heapPerClientKb: number;
  };
  broadcast: {
    /** Medians over the measured broadcasts. */
    loopMs: number;
    cpuMs: number;
    cpuSystemShare: number;
    /** Send-loop time per client (µs). */
    loopUsPerClient: number;
    /** Time until the last client received the update, median over broadcasts. */
    completeMs: number;
    deliveryP50Ms: number;
    deliveryP99Ms: number;
    deliveryMaxMs: number;
    lagP99Ms: number;
    lagMaxMs: number;
    probeMaxMs: number;
    broadcasts: number;
  };
  missed: number;
  duplicated: number;
  /** Clients that had not received a broadcast when the wait for it timed out. */
  behind: number;
  errors: number;
  closedUnexpectedly: number;
  notes: string[];
}

/** A full reconnect of every client at the largest count. */
export interface ReconnectRow {
  server: string;
  clients: number;
  elapsedMs: number;
  ratePerSecond: number;
  failed: number;
}

/** A server that could not be measured. */
export interface SkippedServer {
  server: string;
  reason: string;
}

/** Change-to-client latency (ms) from a write to receipt by every client. */
export interface ChangeLatencyResult {
  clients: number;
  via: string;
  writes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  missedWrites: number;
  /**
   * The server's event-loop delay from the write until every client had the update (ms):
   * the cost of computing the status in the serving process (PGlite runs on its thread).
   */
  lagP99Ms: number;
  lagMaxMs: number;
}

/** autocannon figures for one route. */
export interface HttpRow {
  route: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers other than the one expected (200, or 304 with If-None-Match). */
  unexpected: number;
  errors: number;
  /** Throughput relative to the hello-world route of the same instance. */
  ratioToHello: number;
}

/** Status computation time at one database size. */
export interface StatusComputeRow {
  engine: 'pglite' | 'postgres';
  events: number;
  seedMs: number;
  computeP50Ms: number;
  computeP99Ms: number;
  runs: number;
}

/** Several real server processes sharing one status through Redis. */
export interface ScaleOutResult {
  processes: number;
  clients: number;
  failedConnects: number;
  connectErrors: string[];
  connectMs: number;
  writes: number;
  missedWrites: number;
  missedSeqs: number;
  /** Change to client: SQL write to receipt by every client. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssMbPerProcess: number[];
  rssKbPerClient: number;
}

/** One server of the paired comparison (see scenarios/paired.ts). */
export interface PairedServerRow {
  server: string;
  /** Median over the connect chunks of the server's CPU per new client (µs). */
  connectUsPerClient: number;
  /** Median over the chunks of this server's connect CPU over the reference's in the same chunk. */
  connectRatio: number;
  broadcastCpuMs: number;
  broadcastLoopMs: number;
  /** Median over the rounds of this server's broadcast CPU over the reference's in the same round. */
  cpuRatio: number;
  cpuRatioMin: number;
  cpuRatioMax: number;
  /** Median over the rounds of this server's broadcast CPU over the real server's (ours). */
  cpuRatioToOurs: number | null;
}

/** Servers measured side by side, broadcasts alternating round by round. */
export interface PairedResult {
  clients: number;
  rounds: number;
  connectChunk: number;
  /** The server every ratio is relative to. */
  reference: string;
  rows: PairedServerRow[];
  /** Seqs missed or duplicated, and clients behind after a broadcast. */
  missed: number;
}

/** Clients accepted per second by one server core, from a raw-handshake load generator. */
export interface ConnectRateRow {
  server: string;
  connections: number;
  rounds: number;
  /** Median over the rounds. */
  ratePerSecond: number;
  rateMin: number;
  rateMax: number;
  serverCpuUsPerClient: number;
  loadCpuUsPerClient: number;
  failed: number;
  errors: string[];
}

/** Everything one run measured. */
export interface BenchResults {
  startedAt: string;
  command: string;
  machine: Record<string, string | number>;
  /** Where the status document every server sent came from, and its size. */
  document: { source: string; bytes: number };
  fanout: FanoutRow[];
  reconnect: ReconnectRow[];
  skipped: SkippedServer[];
  changeLatency: ChangeLatencyResult[];
  http: HttpRow[];
  statusCompute: StatusComputeRow[];
  scaleOut: ScaleOutResult | null;
  paired: PairedResult | null;
  connectRate: ConnectRateRow[];
  failures: string[];
}
