/** How the clients of a soak behave, the same for every worker. */
export interface ClientBehaviour {
  /** First connections spread uniformly over this long. */
  spreadMs: number;
  /** Clients closed and reopened per second (may be fractional). */
  churnPerSecond: number;
  /** Share of clients that alternate reading and not reading. */
  slowFraction: number;
  /** How long a slow client reads, then does not. */
  slowToggleMs: number;
  /** Backoff base and ceiling after a lost connection (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Source addresses for the clients (round robin); empty: the system's choice. */
  localAddresses: string[];
}

/** Parent → worker: start the clients, report, or stop. */
export type WorkerCommand =
  | ({
      type: 'start';
      url: string;
      /** Clients this worker holds. */
      count: number;
      /** Id of its first client (ids are unique across the fleet). */
      firstId: number;
    } & ClientBehaviour)
  | { type: 'sample' }
  | { type: 'stop' };

/** Worker → parent: counters since the worker started (cumulative), and its state now. */
export interface WorkerSample {
  type: 'sample';
  clients: number;
  /** Connections open now. */
  open: number;
  /** Open connections that have had at least one update. */
  served: number;
  /** Slow clients not reading right now. */
  paused: number;
  messages: number;
  bytes: number;
  opened: number;
  /** Attempts that failed before the handshake (refused by the kernel, reset, timeout). */
  failed: number;
  /** Refused handshakes by HTTP status. */
  refused: Record<string, number>;
  /** Closed connections by close code. */
  closed: Record<string, number>;
  maxRetryAfterSeconds: number;
  highestSeq: number;
  /** Server send times (epoch ms) of the first update of connections served since the last sample. */
  servedAt: number[];
  rssBytes: number;
}

/** Worker → parent, besides samples. */
export type WorkerEvent = WorkerSample | { type: 'started' } | { type: 'stopped' };
