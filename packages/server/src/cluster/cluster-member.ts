/*
 * One server process's part in a cluster that shares one status through Redis.
 *
 *                       ┌──────────── leader election won ───────────┐
 *                       ▼                                            │
 *   ┌──────────┐   computes every interval and on changes,    ┌──────┴─────┐
 *   │  leader  │   publishes once on the bus                  │  follower  │ relays what the
 *   └────┬─────┘                                              └──┬──────▲──┘ bus brings
 *        │ session lost / resign                                 │      │ adopted an update
 *        └──────────────────────▶ follower                       │      │ from another node
 *                                                                ▼      │
 *   Redis lost (bus degraded) ──────────────────────────▶ ┌─────────────┴──┐
 *   nothing adopted for silenceMs (leader cut off)  ─────▶│ computes alone │ serves its own
 *   Redis back (rejoining: until an adoption)  ──────────▶└────────────────┘ clients
 *
 * While computing alone a follower still publishes (when Redis is there): the bus refuses a seq
 * that is not above the stored one, every node adopts any higher seq, so the nodes converge on
 * one rising stream and the follower stops computing at its first adoption.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { StatusDocument } from '@naija-monitor/protocol';
import type { RedisBus } from '../bus/redis-bus';
import type { StatusScheduler } from '../publish/status-scheduler';
import type { LeaderElection } from './leader-election';
import { NodeDirectory, type NodeReport } from './node-directory';

/** The bus as the status document reports it (`system_health.bus`). */
export type BusState = 'local' | 'redis' | 'degraded';

/** One process's connection count, as in the document's `monitor.nodes`. */
export interface NodeConnections {
  node_id: string;
  connections: number;
}

/** The live side of this process, as the cluster sees it. */
export interface ClusterNode {
  scheduler: Pick<StatusScheduler, 'adopt' | 'onUpdate' | 'fresh' | 'latest'>;
  /** This process's open live connections. */
  connections(): number;
  /** Where the cluster's gauges go (the app's metrics registry). */
  registry?: Registry;
  log: Logger;
}

/**
 * What the live transport asks of the cluster: whether to compute, whether anyone anywhere
 * wants updates, the per-process connection counts, and the bus state.
 */
export interface ClusterRole {
  /** True on the leader, and on a follower that has to compute alone (see the file header). */
  shouldCompute(): boolean;
  /** True when another process has live clients (the leader computes for them too). */
  remoteDemand(): boolean;
  /** Every process's connection count, this one's live, the others' as last reported. */
  nodes(): NodeConnections[];
  busState(): BusState;
  /** Joins: seeds the scheduler with the newest shared status, then takes part in the election. */
  start(node: ClusterNode): Promise<void>;
  /** Hands the leadership over now (shutdown begins); the process keeps relaying. */
  resign(): Promise<void>;
  /** Leaves the cluster (and closes the bus if it owns it). */
  stop(): Promise<void>;
}

/** Options of {@link ClusterMember}. */
export interface ClusterMemberOptions {
  nodeId: string;
  bus: RedisBus;
  election: LeaderElection;
  /** `BROADCAST_INTERVAL` in ms. */
  intervalMs: number;
  /** How often this process reports its connections and reads the others'. @default 1000 */
  heartbeatMs?: number;
  /**
   * A follower that has adopted nothing from another node for this long computes alone (a
   * leader that lost Redis but not its lock).
   * @default max(3 intervals, 1 s) + 2 s
   */
  silenceMs?: number;
  /** Close the bus in {@link ClusterMember.stop} (after leaving the directory). @default false */
  ownsBus?: boolean;
  /** Monotonic clock (ms). @default performance.now */
  now?: () => number;
}

/** Marks a document computed by this process with the state of its bus. */
export function withBusState(document: StatusDocument, bus: BusState): StatusDocument {
  return { ...document, system_health: { ...document.system_health, bus } };
}

/** {@link ClusterRole} over a {@link RedisBus}, a {@link LeaderElection} and a {@link NodeDirectory}. */
export class ClusterMember implements ClusterRole {
  readonly #nodeId: string;
  readonly #bus: RedisBus;
  readonly #election: LeaderElection;
  readonly #directory: NodeDirectory;
  readonly #heartbeatMs: number;
  readonly #silenceMs: number;
  readonly #now: () => number;
  readonly #ownsBus: boolean;
  readonly #cleanups: (() => void)[] = [];
  #node: ClusterNode | null = null;
  #others: NodeReport[] = [];
  #lastAdoptedAt = Number.NEGATIVE_INFINITY;
  #heartbeat: NodeJS.Timeout | null = null;
  #beating: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: ClusterMemberOptions) {
    this.#nodeId = options.nodeId;
    this.#bus = options.bus;
    this.#election = options.election;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#silenceMs = options.silenceMs ?? Math.max(3 * options.intervalMs, 1000) + 2000;
    this.#now = options.now ?? (() => performance.now());
    this.#ownsBus = options.ownsBus ?? false;
    this.#directory = new NodeDirectory(
      this.#bus.commands,
      this.#bus.prefix,
      this.#heartbeatMs * 3,
    );
  }

  /** True while this process holds the leadership. */
  get isLeader(): boolean {
    return this.#election.isLeader;
  }

  shouldCompute(): boolean {
    return this.#election.isLeader || !this.#bus.connected || this.#silent();
  }

  remoteDemand(): boolean {
    return this.#others.some((report) => report.connections > 0);
  }

  nodes(): NodeConnections[] {
    const own = { node_id: this.#nodeId, connections: this.#node?.connections() ?? 0 };
    return [
      own,
      ...this.#others.map((report) => ({
        node_id: report.nodeId,
        connections: report.connections,
      })),
    ].sort((a, b) => a.node_id.localeCompare(b.node_id));
  }

  busState(): BusState {
    return this.#bus.connected ? 'redis' : 'degraded';
  }

  async start(node: ClusterNode): Promise<void> {
    this.#node = node;
    const { scheduler, log } = node;
    this.#cleanups.push(
      scheduler.onUpdate((status) => {
        if (status.trigger === 'remote') this.#lastAdoptedAt = this.#now();
      }),
      this.#bus.onStateChange((connected) => {
        if (connected) {
          // Rejoining: compute alone until the shared stream is adopted again, or this node's
          // clients would wait for the leader's seq to pass the one they already have.
          this.#lastAdoptedAt = Number.NEGATIVE_INFINITY;
          log.info('redis is back: rejoining the shared status stream');
          void this.#beat();
        } else {
          log.warn(
            'redis is unreachable: computing the status locally (bus degraded) until it is back',
          );
        }
      }),
      this.#election.onChange((isLeader) => {
        log.info(
          { leader: isLeader },
          isLeader ? 'became the status leader' : 'no longer the status leader',
        );
        if (isLeader) void this.#becameLeader();
        // Give the next leader time to speak before computing alone.
        else this.#lastAdoptedAt = this.#now();
        void this.#beat();
      }),
    );
    if (node.registry) this.#registerGauges(node.registry);
    await this.#seed();
    await this.#election.start();
    log.info(
      { leader: this.#election.isLeader, bus: this.busState() },
      this.#election.isLeader
        ? 'joined the cluster as the status leader'
        : 'joined the cluster as a follower',
    );
    await this.#beat();
  }

  async resign(): Promise<void> {
    this.#lastAdoptedAt = this.#now();
    await this.#election.resign();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#heartbeat) clearTimeout(this.#heartbeat);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    await this.#beating;
    await Promise.all([
      this.#election.stop(),
      this.#bus.connected ? this.#directory.remove(this.#nodeId).catch(() => {}) : undefined,
    ]);
    if (this.#ownsBus) await this.#bus.close();
  }

  #silent(): boolean {
    return this.#now() - this.#lastAdoptedAt > this.#silenceMs;
  }

  /** Starts from the newest shared status: first update at once, and a seq that keeps rising. */
  async #seed(): Promise<void> {
    const last = await this.#bus.lastMessage();
    if (last) this.#node?.scheduler.adopt(last);
  }

  async #becameLeader(): Promise<void> {
    const node = this.#node;
    if (!node) return;
    // Continue from the last published seq, even one this process missed.
    await this.#seed();
    if (this.#stopped || !this.#election.isLeader) return;
    // The old leader may have died mid-interval: publish now unless the newest is fresh.
    if (node.connections() > 0 || this.remoteDemand()) {
      node.scheduler.fresh().catch(() => {});
    }
  }

  /** Reports this process's connections and reads the others', once per heartbeat. */
  #beat(): Promise<void> {
    if (this.#stopped) return this.#beating;
    this.#beating = this.#beating.then(async () => {
      const node = this.#node;
      if (this.#stopped || !node) return;
      if (this.#bus.connected) {
        try {
          await this.#directory.report({
            nodeId: this.#nodeId,
            connections: node.connections(),
            leader: this.#election.isLeader,
            seq: node.scheduler.latest?.seq ?? null,
          });
          this.#others = (await this.#directory.list()).filter(
            (report) => report.nodeId !== this.#nodeId,
          );
        } catch {
          this.#others = [];
        }
      } else {
        // Nothing is known about the others while Redis is away.
        this.#others = [];
      }
      if (this.#stopped) return;
      // One timer whatever called this beat (the schedule, a role or bus change).
      if (this.#heartbeat) clearTimeout(this.#heartbeat);
      this.#heartbeat = setTimeout(() => void this.#beat(), this.#heartbeatMs);
      this.#heartbeat.unref();
    });
    return this.#beating;
  }

  #registerGauges(registry: Registry): void {
    const gauge = (name: string, help: string, read: () => number) => {
      const metric: Gauge = new Gauge({
        name,
        help,
        registers: [registry],
        collect: () => metric.set(read()),
      });
    };
    gauge(
      'monitor_cluster_leader',
      '1 while this process computes the status for the cluster (holds the leader lock)',
      () => (this.isLeader ? 1 : 0),
    );
    gauge(
      'monitor_cluster_computing',
      '1 while this process computes the status (the leader, or a follower computing alone)',
      () => (this.shouldCompute() ? 1 : 0),
    );
    gauge(
      'monitor_bus_connected',
      '1 while Redis is reachable (0: the bus is degraded and status is computed locally)',
      () => (this.busState() === 'redis' ? 1 : 0),
    );
    gauge(
      'monitor_cluster_nodes',
      'Server processes with a standing report in the node directory, this one included',
      () => this.nodes().length,
    );
  }
}
