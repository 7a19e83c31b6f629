import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientBehaviour, WorkerCommand, WorkerEvent, WorkerSample } from './worker-protocol';

/** Clients one worker process holds at most (20 000 open files per process, with margin). */
export const MAX_CLIENTS_PER_WORKER = 9000;

/** Options of {@link WorkerFleet.start}: the clients' behaviour, fleet-wide. */
export interface WorkerFleetOptions extends ClientBehaviour {
  url: string;
  clients: number;
  /** Worker processes; default: enough for {@link MAX_CLIENTS_PER_WORKER} each. */
  workers?: number;
}

/** The sum of every worker's sample. */
export interface FleetSample extends Omit<WorkerSample, 'type' | 'highestSeq'> {
  /** Lowest and highest newest-seq across workers: how far behind the laggard is. */
  seqSpread: number;
  highestSeq: number;
}

class Worker {
  readonly child: ChildProcess;
  #waiting = new Map<string, ((event: WorkerEvent) => void)[]>();

  #exited: Error | null = null;
  #rejects = new Set<(error: Error) => void>();

  constructor() {
    const script = fileURLToPath(new URL('./client-worker.ts', import.meta.url));
    this.child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    this.child.on('message', (event: WorkerEvent) => {
      const waiters = this.#waiting.get(event.type) ?? [];
      this.#waiting.set(event.type, []);
      for (const resolve of waiters) resolve(event);
    });
    this.child.once('exit', (code) => {
      this.#exited = new Error(`worker exited (${code})`);
      for (const reject of this.#rejects) reject(this.#exited);
      this.#rejects.clear();
    });
  }

  ask<T extends WorkerEvent['type']>(
    command: WorkerCommand,
    answer: T,
  ): Promise<Extract<WorkerEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.#exited) {
        reject(this.#exited);
        return;
      }
      const list = this.#waiting.get(answer) ?? [];
      list.push((event) => {
        this.#rejects.delete(reject);
        resolve(event as Extract<WorkerEvent, { type: T }>);
      });
      this.#waiting.set(answer, list);
      this.#rejects.add(reject);
      this.child.send(command);
    });
  }
}

/** Worker processes holding the clients, driven as one. */
export class WorkerFleet {
  readonly #workers: Worker[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  /** Starts the workers and their clients (their first connections spread over `spreadMs`). */
  static async start(options: WorkerFleetOptions): Promise<WorkerFleet> {
    const count =
      options.workers ?? Math.max(1, Math.ceil(options.clients / MAX_CLIENTS_PER_WORKER));
    const workers = Array.from({ length: count }, () => new Worker());
    const fleet = new WorkerFleet(workers);
    let firstId = 0;
    await Promise.all(
      workers.map((worker, i) => {
        const share = Math.floor(options.clients / count) + (i < options.clients % count ? 1 : 0);
        const addresses = options.localAddresses.filter((_, a) => a % count === i);
        const { clients: _clients, workers: _workers, ...behaviour } = options;
        const command: WorkerCommand = {
          ...behaviour,
          type: 'start',
          count: share,
          firstId,
          // Each worker churns its share, from its share of the source addresses.
          churnPerSecond: options.churnPerSecond / count,
          localAddresses: addresses.length > 0 ? addresses : options.localAddresses,
        };
        firstId += share;
        return worker.ask(command, 'started');
      }),
    );
    return fleet;
  }

  /** Every worker's counters, summed. */
  async sample(): Promise<FleetSample> {
    const samples = await Promise.all(
      this.#workers.map((w) => w.ask({ type: 'sample' }, 'sample')),
    );
    const sum = (pick: (s: WorkerSample) => number) => samples.reduce((t, s) => t + pick(s), 0);
    const merge = (pick: (s: WorkerSample) => Record<string, number>) => {
      const out: Record<string, number> = {};
      for (const s of samples)
        for (const [k, v] of Object.entries(pick(s))) out[k] = (out[k] ?? 0) + v;
      return out;
    };
    const seqs = samples.map((s) => s.highestSeq).filter((seq) => seq > 0);
    return {
      clients: sum((s) => s.clients),
      open: sum((s) => s.open),
      served: sum((s) => s.served),
      paused: sum((s) => s.paused),
      messages: sum((s) => s.messages),
      bytes: sum((s) => s.bytes),
      opened: sum((s) => s.opened),
      failed: sum((s) => s.failed),
      refused: merge((s) => s.refused),
      closed: merge((s) => s.closed),
      maxRetryAfterSeconds: Math.max(...samples.map((s) => s.maxRetryAfterSeconds)),
      highestSeq: seqs.length > 0 ? Math.max(...seqs) : 0,
      seqSpread: seqs.length > 0 ? Math.max(...seqs) - Math.min(...seqs) : 0,
      servedAt: samples.flatMap((s) => s.servedAt).sort((a, b) => a - b),
      rssBytes: sum((s) => s.rssBytes),
    };
  }

  /** Stops every client and worker. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#workers.map((w) => w.ask({ type: 'stop' }, 'stopped').catch(() => undefined)),
    );
  }
}
