import type { Redis } from 'ioredis';

/** What one server process says about itself in the {@link NodeDirectory}. */
export interface NodeReport {
  nodeId: string;
  /** Its open live connections (WebSocket + SSE). */
  connections: number;
  /** Whether it computes the status just now. */
  leader: boolean;
  /** The newest seq it has, or null before its first update. */
  seq: number | null;
}

/**
 * The processes of a cluster and their connection counts, in Redis: one key per process that
 * expires unless refreshed (so a killed process drops out by itself, without clock
 * agreement between hosts), plus a set of the ids to find them.
 */
export class NodeDirectory {
  readonly #redis: Redis;
  readonly #setKey: string;
  readonly #keyPrefix: string;
  readonly #ttlMs: number;

  /**
   * @param redis a command connection
   * @param prefix the monitor's key prefix (`REDIS_PREFIX`)
   * @param ttlMs how long a report stands without a refresh
   */
  constructor(redis: Redis, prefix: string, ttlMs: number) {
    this.#redis = redis;
    this.#setKey = `${prefix}nodes`;
    this.#keyPrefix = `${prefix}node:`;
    this.#ttlMs = ttlMs;
  }

  /** Writes (or refreshes) this process's report. */
  async report(report: NodeReport): Promise<void> {
    await this.#redis
      .multi()
      .set(this.#keyPrefix + report.nodeId, JSON.stringify(report), 'PX', this.#ttlMs)
      .sadd(this.#setKey, report.nodeId)
      // The set itself goes when the whole cluster has been gone a while.
      .pexpire(this.#setKey, this.#ttlMs * 20)
      .exec();
  }

  /** Every process with a standing report, by node id; forgets the ones that expired. */
  async list(): Promise<NodeReport[]> {
    const ids = (await this.#redis.smembers(this.#setKey)).sort();
    if (ids.length === 0) return [];
    const values = await this.#redis.mget(ids.map((id) => this.#keyPrefix + id));
    const reports: NodeReport[] = [];
    const expired: string[] = [];
    values.forEach((value, i) => {
      const report = value === null ? undefined : parseReport(value);
      if (report) reports.push(report);
      else expired.push(ids[i]!);
    });
    if (expired.length > 0) await this.#redis.srem(this.#setKey, ...expired);
    return reports;
  }

  /** Removes this process's report (clean shutdown), so it drops out at once. */
  async remove(nodeId: string): Promise<void> {
    await this.#redis
      .multi()
      .del(this.#keyPrefix + nodeId)
      .srem(this.#setKey, nodeId)
      .exec();
  }
}

function parseReport(raw: string): NodeReport | undefined {
  try {
    const value = JSON.parse(raw) as Partial<NodeReport>;
    if (typeof value.nodeId !== 'string' || typeof value.connections !== 'number') return undefined;
    return {
      nodeId: value.nodeId,
      connections: value.connections,
      leader: value.leader === true,
      seq: typeof value.seq === 'number' ? value.seq : null,
    };
  } catch {
    return undefined;
  }
}
