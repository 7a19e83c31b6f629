import pg from 'pg';

/**
 * Who computes the status. Exactly one process of a cluster is the leader at a time; the
 * others relay what it publishes.
 */
export interface LeaderElection {
  /** True while this process holds the leadership. */
  readonly isLeader: boolean;
  /** Calls `listener` whenever {@link isLeader} changes; returns the unsubscribe function. */
  onChange(listener: (isLeader: boolean) => void): () => void;
  /** Takes part: resolves after the first attempt, whatever its outcome. */
  start(): Promise<void>;
  /** Gives the leadership away now (shutdown) and stops competing for it. */
  resign(): Promise<void>;
  /** Leaves the election and releases its connection. */
  stop(): Promise<void>;
}

/** The election of a process that is alone (no shared database): always the leader. */
export class SoleLeader implements LeaderElection {
  #isLeader = true;
  get isLeader(): boolean {
    return this.#isLeader;
  }
  onChange(): () => void {
    return () => {};
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  resign(): Promise<void> {
    this.#isLeader = false;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return this.resign();
  }
}

/** Options of {@link AdvisoryLockElection}. */
export interface AdvisoryLockElectionOptions {
  /** PostgreSQL connection string of the shared database (`DATABASE_URL`). */
  connectionString: string;
  /**
   * The advisory lock (two int4 keys) that makes its holder the leader. Advisory locks are per
   * database, so monitors on different databases never compete.
   * @default [0x6e6d, 1] ('nm', status leader)
   */
  lockKey?: readonly [number, number];
  /** How often a follower tries the lock and the leader checks its session. @default 1000 */
  pollIntervalMs?: number;
  /** A check or connect that takes longer fails, and the session is dropped. @default 2000 */
  queryTimeoutMs?: number;
  /** Where a leader that resigns tells the others to try at once. @default 'monitor_leader_resigned' */
  resignChannel?: string;
  /** Told about trouble with the election's database session (role changes: {@link onChange}). */
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * Leader election on a PostgreSQL advisory lock held by a dedicated session: the process whose
 * session holds `pg_try_advisory_lock` is the leader. Followers try the lock every
 * `pollIntervalMs`; the leader checks its session as often. Losing the session (an error, a
 * failed or slow check, the server restarting) is losing the leadership at once: the server
 * releases the lock of a dead session, so another process takes over within about one poll of
 * the old leader's death. A leader that shuts down unlocks and notifies, so a follower takes
 * over at once instead of at its next poll.
 */
export class AdvisoryLockElection implements LeaderElection {
  readonly #options: Required<Omit<AdvisoryLockElectionOptions, 'log'>> &
    Pick<AdvisoryLockElectionOptions, 'log'>;
  readonly #listeners = new Set<(isLeader: boolean) => void>();
  #client: pg.Client | null = null;
  #isLeader = false;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #pollAgain = false;
  #resigned = false;
  #stopped = false;
  #failing = false;

  constructor(options: AdvisoryLockElectionOptions) {
    this.#options = {
      lockKey: [0x6e6d, 1],
      pollIntervalMs: 1000,
      queryTimeoutMs: 2000,
      resignChannel: 'monitor_leader_resigned',
      ...options,
    };
  }

  get isLeader(): boolean {
    return this.#isLeader;
  }

  onChange(listener: (isLeader: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async start(): Promise<void> {
    await this.#poll();
  }

  async resign(): Promise<void> {
    if (this.#resigned) return;
    this.#resigned = true;
    this.#cancelTimer();
    await this.#polling;
    const client = this.#client;
    if (!this.#isLeader || !client) return;
    // Stop computing first, then let go: never two leaders, at worst a moment with none.
    this.#setLeader(false);
    const [classId, objectId] = this.#options.lockKey;
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2), pg_notify($3, $4)', [
        classId,
        objectId,
        this.#options.resignChannel,
        String(process.pid),
      ]);
    } catch {
      // Ending the session below releases the lock anyway, only without the nudge.
      await this.#drop();
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    await this.resign();
    this.#stopped = true;
    await this.#drop();
  }

  /** One round: connect when needed, then try the lock (follower) or check the session (leader). */
  #poll(): Promise<void> {
    if (this.#polling) {
      this.#pollAgain = true;
      return this.#polling;
    }
    this.#cancelTimer();
    this.#polling = this.#round().finally(() => {
      this.#polling = null;
      if (this.#stopped || this.#resigned) return;
      if (this.#pollAgain) {
        this.#pollAgain = false;
        void this.#poll();
        return;
      }
      this.#timer = setTimeout(() => void this.#poll(), this.#options.pollIntervalMs);
      this.#timer.unref();
    });
    return this.#polling;
  }

  async #round(): Promise<void> {
    if (this.#stopped || this.#resigned) return;
    try {
      const client = this.#client ?? (await this.#connect());
      if (this.#isLeader) {
        await client.query('SELECT 1');
      } else {
        const [classId, objectId] = this.#options.lockKey;
        const { rows } = await client.query<{ acquired: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS acquired',
          [classId, objectId],
        );
        // A resign or stop that came meanwhile must not be undone by a late grant.
        if (rows[0]?.acquired && !this.#resigned && !this.#stopped) this.#setLeader(true);
        else if (rows[0]?.acquired) await this.#drop();
      }
      if (this.#failing) this.#options.log?.info({}, 'leader election: database reachable again');
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) {
        this.#options.log?.warn({ err: error }, 'leader election: lost the database session');
      }
      this.#failing = true;
      await this.#drop();
    }
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#options.connectionString,
      connectionTimeoutMillis: this.#options.queryTimeoutMs,
      query_timeout: this.#options.queryTimeoutMs,
      keepAlive: true,
      application_name: 'naija-pipeline-monitor-election',
    });
    const lost = () => {
      if (this.#client === client) void this.#drop();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === this.#options.resignChannel && !this.#isLeader) void this.#poll();
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#options.resignChannel)}`);
    } catch (error) {
      await this.#drop();
      throw error;
    }
    return client;
  }

  /** Ends the session, which releases the lock if held: the leadership goes with it. */
  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (this.#isLeader) this.#setLeader(false);
    if (!client) return;
    client.removeAllListeners('notification');
    await client.end().catch(() => {});
  }

  #setLeader(isLeader: boolean): void {
    if (this.#isLeader === isLeader) return;
    this.#isLeader = isLeader;
    for (const listener of [...this.#listeners]) listener(isLeader);
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
