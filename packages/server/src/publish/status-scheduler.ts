/**
 * The status scheduler: decides WHEN to compute the status document and publishes each result
 * with a rising `seq` to its listeners (the fan-out, the history, the bus). It never computes
 * anything itself (`compute` is given) and knows nothing about sockets.
 *
 * One computation at a time. Its states (`#queued`, `#running`, `#holdTimer`):
 *
 * ```
 *             tick (with demand) / change (setImmediate, then debounceMs window) / fresh()
 *   idle ───────────────────────────────────────────────────────────────▶ queued
 *    ▲                                   (further requests merge into the one queued job;
 *    │                                    an 'interval' request gives it the tick's publishAt)
 *    │                                                                      │ #drain
 *    │           shouldCompute() false (a follower): waiters get latest     ▼
 *    ├◀──────────────────────────────────────────────────────────────── running ── compute()
 *    │                                                                      │
 *    │    compute() threw, no earlier document: waiters rejected            │ result (or, when
 *    ├◀─────────────────────────────────────────────────────────────────────┤  it threw, the
 *    │                                                                      │  latest, stale)
 *    │                                                                      ▼
 *    │                                             holding (until the tick's publishAt)
 *    │                                                                      │
 *    │    publish(seq + 1) → listeners; waiters resolved; next queued job   │
 *    └◀─────────────────────────────────────────────────────────────────────┘
 *
 *   running past tick + grace ──▶ latest repeated, marked stale (the result follows later)
 *   adopt(remote update)      ──▶ published as is when newer (a follower relays the leader's)
 *   stop()                    ──▶ timers cleared, queued job dropped, waiters rejected
 * ```
 *
 * Who owns "stale": the status engine marks a document stale when its own computation fails
 * (it never throws); this scheduler marks the last document stale only when a tick passes
 * with the computation still running (a hung query), or when an injected `compute` throws.
 */
import { performance } from 'node:perf_hooks';
import type { StatusDocument } from '@naija-monitor/protocol';
import { StatusUnavailableError } from '../errors';
import {
  markedStale,
  OVERDUE_GRACE_MS,
  settleWaiters,
  holdFor,
  type Hold,
  type ComputedStatus,
  type Job,
  type Published,
  type StatusSchedulerOptions,
  type UpdateTrigger,
  type Waiter,
} from './scheduled-status';

export { StatusUnavailableError };
export type { ComputedStatus, StatusSchedulerOptions, UpdateTrigger };

/**
 * Computes ONE status for all clients (see the diagram above) with a rising `seq`: on a
 * monotonic grid that does not drift while there is demand (started ahead of the tick by its
 * usual duration, held until the tick), at once after a change (later ones within
 * `debounceMs` merged into one more), and on demand ({@link fresh}). Never two at once.
 */
export class StatusScheduler {
  readonly #options: StatusSchedulerOptions;
  readonly #now: () => number;
  readonly #wallNow: () => number;
  readonly #listeners = new Set<(status: ComputedStatus) => void>();
  #seq: number;
  #latest: Published | undefined;
  #changeCount = 0;
  #nextJobId = 1;
  #running: (Job & { changeCount: number; startedAt: number }) | null = null;
  #queued: Job | null = null;
  #waiters: Waiter[] = [];
  #computeEwmaMs = 0;
  #nextTickAt = 0;
  #tickTimer: NodeJS.Timeout | null = null;
  #changeWindowTimer: NodeJS.Timeout | null = null;
  #changeImmediate: NodeJS.Immediate | null = null;
  /** The change counter seen by the newest computation to start. */
  #startedChangeCount = 0;
  #holdTimer: Hold | null = null;
  #overdueTimer: NodeJS.Timeout | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #idle: Promise<void> = Promise.resolve();
  #started = false;
  #stopped = false;
  #anchorAfterJob = false;

  constructor(options: StatusSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#wallNow = options.wallNow ?? Date.now;
    this.#seq = Math.floor(options.initialSeq ?? this.#wallNow());
  }

  /** The newest update, fresh or not. */
  get latest(): ComputedStatus | undefined {
    return this.#latest;
  }

  /** Average duration of recent computations (ms), 0 before the first. */
  get computeMs(): number {
    return this.#computeEwmaMs;
  }

  /** Starts the periodic schedule and listens for changes. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#nextTickAt = this.#now() + this.#options.intervalMs;
    this.#scheduleTick();
    if (this.#options.listenForChanges) {
      this.#unlisten = await this.#options.listenForChanges(() => this.notifyChange());
    }
  }

  /** Stops every timer and the change subscription; waits for a running computation. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const timer of [this.#tickTimer, this.#changeWindowTimer, this.#overdueTimer])
      if (timer) clearTimeout(timer);
    if (this.#changeImmediate) clearImmediate(this.#changeImmediate);
    this.#holdTimer?.release();
    this.#queued = null;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(new StatusUnavailableError());
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    await Promise.all([unlisten?.().catch(() => {}), this.#idle]);
  }

  /** Calls `listener` with every update; returns the unsubscribe function. */
  onUpdate(listener: (status: ComputedStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** True when the newest update is younger than `maxAgeMs` and nothing changed since it was computed. */
  isFresh(maxAgeMs = this.#options.intervalMs): boolean {
    const latest = this.#latest;
    return (
      latest !== undefined &&
      latest.changeCount === this.#changeCount &&
      this.#now() - latest.computedAtMono <= maxAgeMs
    );
  }

  /**
   * A status no older than the interval that reflects every change notified so far: the
   * newest one when fresh, otherwise the result of the running or a new computation (which is
   * published to every listener too).
   */
  fresh(): Promise<ComputedStatus> {
    if (this.#latest && (this.isFresh() || !this.#canCompute()))
      return Promise.resolve(this.#latest);
    // A relaying node with nothing relayed yet, or a stopped one, has nothing to give.
    if (this.#stopped || !this.#canCompute()) return Promise.reject(new StatusUnavailableError());
    return new Promise((resolve, reject) => {
      const running = this.#running;
      const jobId =
        running && running.changeCount === this.#changeCount
          ? running.id
          : this.#enqueue('demand').id;
      this.#waiters.push({ jobId, resolve, reject });
    });
  }

  /**
   * The data changed: with demand, recompute at once (the first change after a quiet spell
   * reaches clients within one computation) and merge the changes that follow within
   * `debounceMs` into one more computation; without demand, only mark the newest status stale
   * so the next reader gets a new one.
   */
  notifyChange(): void {
    this.#changeCount += 1;
    if (this.#stopped || this.#changeWindowTimer || this.#changeImmediate) return;
    if (!this.#options.hasDemand() || !this.#canCompute()) return;
    // One turn later, so the notifications of one transaction (delivered together at its
    // commit) are all seen by this computation rather than causing a second one.
    this.#changeImmediate = setImmediate(() => {
      this.#changeImmediate = null;
      this.#computeForChange();
    });
  }

  #computeForChange(): void {
    if (this.#stopped || !this.#options.hasDemand() || !this.#canCompute()) return;
    this.#enqueue('change');
    this.#changeWindowTimer = setTimeout(() => {
      this.#changeWindowTimer = null;
      // Changes made after the newest computation started are not in any published document.
      if (this.#changeCount > this.#startedChangeCount) this.#computeForChange();
    }, this.#options.debounceMs ?? 50);
  }

  /**
   * The first client arrived after a time without any: restart the periodic schedule from now,
   * so its first update and the next periodic one are one interval apart.
   */
  demandStarted(): void {
    if (this.#stopped || !this.#started) return;
    if (this.isFresh() || !this.#canCompute()) {
      this.#anchorTicks();
      return;
    }
    // The first client's update is about to be computed: pause the schedule until it is out,
    // or a slow first computation and a tick would publish twice in a row.
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickTimer = null;
    this.#anchorAfterJob = true;
  }

  #anchorTicks(): void {
    this.#anchorAfterJob = false;
    this.#nextTickAt = this.#now() + this.#options.intervalMs;
    this.#scheduleTick();
  }

  /** Publishes an update computed by another node (from the bus); older ones are dropped. */
  adopt(update: { seq: number; document: StatusDocument; computedAt: number }): void {
    if (this.#stopped || (this.#latest && update.seq <= this.#latest.seq)) return;
    this.#seq = Math.max(this.#seq, update.seq);
    const age = Math.max(0, this.#wallNow() - update.computedAt);
    this.#publish({
      seq: update.seq,
      document: update.document,
      computedAt: update.computedAt,
      computedAtMono: this.#now() - age,
      trigger: 'remote',
      computeMs: null,
      changeCount: this.#changeCount,
    });
  }

  #canCompute(): boolean {
    return this.#options.shouldCompute?.() ?? true;
  }

  #scheduleTick(): void {
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    // Start ahead of the tick by about one computation, never more than half an interval.
    const leadMs = Math.min(this.#options.intervalMs / 2, this.#computeEwmaMs * 1.5 + 2);
    const delayMs = Math.max(0, this.#nextTickAt - leadMs - this.#now());
    this.#tickTimer = setTimeout(() => this.#tick(), delayMs);
  }

  #tick(): void {
    this.#tickTimer = null;
    if (this.#stopped) return;
    const tickAt = this.#nextTickAt;
    const now = this.#now();
    this.#nextTickAt += this.#options.intervalMs;
    // After a stall (event loop blocked, machine suspended) skip the missed ticks rather than
    // firing them back to back; the schedule stays on the same grid.
    if (this.#nextTickAt <= now) {
      const missed = Math.ceil((now - this.#nextTickAt) / this.#options.intervalMs);
      this.#nextTickAt += missed * this.#options.intervalMs;
    }
    this.#scheduleTick();
    if (this.#options.hasDemand() && this.#canCompute()) {
      this.#repeatIfOverdue(tickAt);
      this.#enqueue('interval', tickAt);
    }
  }

  /**
   * A computation that has not delivered shortly after the tick (a query hung until the
   * statement timeout) must not silence the tick: a little after `tickAt` the last document
   * goes out again, marked stale, and the computation's own result follows when it ends.
   */
  #repeatIfOverdue(tickAt: number): void {
    if (this.#overdueTimer) clearTimeout(this.#overdueTimer);
    const graceMs = Math.min(this.#options.intervalMs / 4, OVERDUE_GRACE_MS);
    this.#overdueTimer = setTimeout(
      () => {
        this.#overdueTimer = null;
        const running = this.#running;
        const latest = this.#latest;
        if (this.#stopped || !running || !latest) return;
        // Nothing overdue: the running computation began after the tick, or this tick's
        // update already went out.
        if (running.startedAt > tickAt || latest.computedAtMono >= tickAt) return;
        this.#seq += 1;
        this.#publish({
          ...latest,
          seq: this.#seq,
          document: markedStale(latest.document),
          computedAt: this.#wallNow(),
          computedAtMono: this.#now(),
          trigger: 'interval',
          computeMs: null,
        });
      },
      Math.max(0, tickAt + graceMs - this.#now()),
    );
  }

  /** Queues a computation, merging into the one already queued if any. */
  #enqueue(trigger: UpdateTrigger, publishAt: number | null = null): Job {
    const queued = this.#queued;
    if (queued) {
      // Its computation has not started, so it will see every change made so far.
      if (trigger === 'interval') {
        queued.trigger = 'interval';
        queued.publishAt = publishAt;
      }
      return queued;
    }
    const job: Job = { id: this.#nextJobId++, trigger, publishAt };
    this.#queued = job;
    if (!this.#running) this.#idle = this.#drain();
    return job;
  }

  async #drain(): Promise<void> {
    while (this.#queued && !this.#stopped) {
      const job = this.#queued;
      this.#queued = null;
      // Leadership can move while a job waits: the new leader computes, this node relays.
      if (!this.#canCompute()) {
        if (this.#latest) this.#resolveWaiters(job.id);
        else this.#rejectWaiters(job.id, new StatusUnavailableError());
        continue;
      }
      this.#running = { ...job, changeCount: this.#changeCount, startedAt: this.#now() };
      this.#startedChangeCount = this.#changeCount;
      try {
        await this.#run(this.#running);
      } catch (error) {
        this.#options.log.error({ err: error }, 'status update failed');
      }
      this.#running = null;
      if (this.#anchorAfterJob && !this.#stopped) this.#anchorTicks();
    }
  }

  async #run(job: Job & { changeCount: number }): Promise<void> {
    const startedAt = this.#now();
    let document: StatusDocument;
    try {
      document = await this.#options.compute();
      const durationMs = this.#now() - startedAt;
      this.#computeEwmaMs =
        this.#computeEwmaMs === 0 ? durationMs : this.#computeEwmaMs * 0.8 + durationMs * 0.2;
      this.#options.onComputed?.(durationMs, true);
      // The next tick starts ahead by the new estimate.
      if (this.#tickTimer) this.#scheduleTick();
    } catch (error) {
      this.#options.onComputed?.(this.#now() - startedAt, false);
      this.#options.log.error({ err: error, trigger: job.trigger }, 'status computation failed');
      if (!this.#latest) {
        this.#rejectWaiters(job.id, new StatusUnavailableError({ cause: error }));
        return;
      }
      // Updates are state: repeat the last good document, marked stale, rather than go silent.
      document = markedStale(this.#latest.document);
    }
    const computeMs = this.#now() - startedAt;
    if (job.publishAt !== null) await this.#holdUntil(job.publishAt);
    if (this.#stopped) return;
    this.#seq += 1;
    this.#publish({
      seq: this.#seq,
      document,
      computedAt: this.#wallNow(),
      computedAtMono: this.#now(),
      trigger: job.trigger,
      computeMs,
      changeCount: job.changeCount,
    });
    this.#resolveWaiters(job.id);
  }

  #holdUntil(monoAt: number): Promise<void> {
    return holdFor(monoAt - this.#now(), (hold) => (this.#holdTimer = hold));
  }

  #publish(status: Published): void {
    this.#latest = status;
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch (error) {
        this.#options.log.error({ err: error, seq: status.seq }, 'status listener failed');
      }
    }
  }

  #resolveWaiters(jobId: number): void {
    const latest = this.#latest!;
    this.#waiters = settleWaiters(this.#waiters, jobId, (waiter) => waiter.resolve(latest));
  }

  #rejectWaiters(jobId: number, error: Error): void {
    this.#waiters = settleWaiters(this.#waiters, jobId, (waiter) => waiter.reject(error));
  }
}
