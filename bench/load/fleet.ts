import { IpcClient, spawnPinned } from '../ipc';
import type {
  AwaitSeqResult,
  ClientDialect,
  CollectResult,
  ConnectResult,
  WorkerCommands,
} from './commands';

/** Options of {@link Fleet.start}. */
export interface FleetOptions {
  /** Load-generator processes. Each holds at most ~19 000 sockets (20 000 open files). */
  workers: number;
  /** Core the workers are pinned to. */
  core: number;
  /**
   * Source addresses: worker i connects from 127.0.0.(firstAddress + i). Off by default:
   * binding a source address makes the kernel pick the port at bind() time, where a port is
   * taken per local address whatever the destination, and a port in TIME_WAIT cannot be bound
   * again, so a reconnect of 19 000 clients fails by the thousands. Without it, connect()
   * picks the port per (source, destination address and port): ~28 000 clients per server
   * port, and TIME_WAIT ports are reused on loopback (tcp_tw_reuse = 2). Go beyond ~28 000
   * clients with several server ports (one per server process), not source addresses.
   * @default null
   */
  firstAddress?: number | null;
}

/** Result of opening clients across the fleet. */
export interface FleetConnectResult {
  opened: number;
  failed: number;
  /** Clients opened per second, from the first handshake begun to the last completed. */
  ratePerSecond: number;
  elapsedMs: number;
  handshakeMs: Float64Array;
  errors: string[];
}

/** Receive logs of all workers, merged. */
export type FleetCollectResult = CollectResult;

/** The load-generator processes, driven as one. */
export class Fleet {
  readonly #workers: IpcClient<WorkerCommands>[];
  readonly #addresses: (string | undefined)[];
  /** Clients each worker holds, to keep them balanced. */
  readonly #held: number[];

  private constructor(workers: IpcClient<WorkerCommands>[], addresses: (string | undefined)[]) {
    this.#workers = workers;
    this.#addresses = addresses;
    this.#held = workers.map(() => 0);
  }

  /** Starts the worker processes. */
  static start(options: FleetOptions): Fleet {
    const first = options.firstAddress ?? null;
    const workers: IpcClient<WorkerCommands>[] = [];
    const addresses: (string | undefined)[] = [];
    for (let i = 0; i < options.workers; i++) {
      const child = spawnPinned(new URL('./worker.ts', import.meta.url), {
        core: options.core,
        nodeArgs: ['--max-old-space-size=4096'],
      });
      workers.push(new IpcClient<WorkerCommands>(child));
      addresses.push(first === null ? undefined : `127.0.0.${first + i}`);
    }
    return new Fleet(workers, addresses);
  }

  /** Clients currently held (opened and not closed by the bench). */
  get held(): number {
    return this.#held.reduce((a, b) => a + b, 0);
  }

  /**
   * Opens `count` more clients, spread so that every worker holds about as many. With several
   * URLs (one server on several addresses), worker i connects to `url[i % url.length]`.
   */
  async connect(
    url: string | readonly string[],
    count: number,
    dialect: ClientDialect,
    options: { concurrency?: number; handshakeTimeoutMs?: number } = {},
  ): Promise<FleetConnectResult> {
    const urls = typeof url === 'string' ? [url] : url;
    const target = this.held + count;
    const shares = this.#workers.map((_, i) => {
      const fair =
        Math.floor(target / this.#workers.length) + (i < target % this.#workers.length ? 1 : 0);
      return Math.max(0, fair - (this.#held[i] ?? 0));
    });
    // Rounding can leave the shares a few short of `count`; give the rest to the first workers.
    let missing = count - shares.reduce((a, b) => a + b, 0);
    for (let i = 0; missing > 0; i = (i + 1) % shares.length, missing--)
      shares[i] = (shares[i] ?? 0) + 1;
    const results: ConnectResult[] = await Promise.all(
      this.#workers.map((worker, i) =>
        worker.request(
          'connect',
          {
            url: urls[i % urls.length] ?? '',
            count: shares[i] ?? 0,
            dialect,
            localAddress: this.#addresses[i],
            concurrency: options.concurrency ?? 200,
            handshakeTimeoutMs: options.handshakeTimeoutMs ?? 30_000,
          },
          600_000,
        ),
      ),
    );
    results.forEach((result, i) => (this.#held[i] = (this.#held[i] ?? 0) + result.opened));
    const active = results.filter((result) => result.opened + result.failed > 0);
    const startedAtMs = Math.min(...active.map((result) => result.startedAtMs));
    const finishedAtMs = Math.max(...active.map((result) => result.finishedAtMs));
    const opened = sum(results.map((result) => result.opened));
    const elapsedMs = active.length ? finishedAtMs - startedAtMs : 0;
    return {
      opened,
      failed: sum(results.map((result) => result.failed)),
      ratePerSecond: elapsedMs > 0 ? (opened / elapsedMs) * 1000 : Number.NaN,
      elapsedMs,
      handshakeMs: concat(results.map((result) => result.handshakeMs)),
      errors: [...new Set(results.flatMap((result) => result.errors))],
    };
  }

  /** Waits until every open client has seen `seq`; returns how many have not. */
  async awaitSeq(seq: number, timeoutMs: number): Promise<AwaitSeqResult> {
    const results = await Promise.all(
      this.#workers.map((worker) =>
        worker.request('await-seq', { seq, timeoutMs }, timeoutMs + 30_000),
      ),
    );
    return { behind: sum(results.map((r) => r.behind)), open: sum(results.map((r) => r.open)) };
  }

  /** Collects and merges the workers' receive logs since the previous collect. */
  async collect(): Promise<FleetCollectResult> {
    const results = await Promise.all(this.#workers.map((worker) => worker.request('collect', {})));
    const closeCodes: Record<string, number> = {};
    for (const result of results)
      for (const [code, n] of Object.entries(result.closeCodes))
        closeCodes[code] = (closeCodes[code] ?? 0) + n;
    return {
      seq: concat(results.map((r) => r.seq)),
      receivedAtMs: concat(results.map((r) => r.receivedAtMs)),
      stampedAtMs: concat(results.map((r) => r.stampedAtMs)),
      missed: sum(results.map((r) => r.missed)),
      duplicated: sum(results.map((r) => r.duplicated)),
      other: sum(results.map((r) => r.other)),
      errors: sum(results.map((r) => r.errors)),
      closedUnexpectedly: sum(results.map((r) => r.closedUnexpectedly)),
      closeCodes,
      errorMessages: [...new Set(results.flatMap((r) => r.errorMessages))],
      open: sum(results.map((r) => r.open)),
    };
  }

  /** CPU time all workers used since the previous call (ms, user + system). */
  async cpuMs(): Promise<number> {
    const used = await Promise.all(this.#workers.map((worker) => worker.request('cpu', {})));
    return sum(used.map((u) => u.userMs + u.systemMs));
  }

  /** Drops every client. */
  async closeAll(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.request('close-all', {}, 300_000)));
    this.#held.fill(0);
  }

  /** Stops the worker processes. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#workers.map(async (worker) => {
        await worker.request('exit', {}, 5_000).catch(() => worker.kill());
        await worker.waitForExit(5_000);
      }),
    );
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(sum(arrays.map((a) => a.length)));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}
