import type { FastifyBaseLogger as Logger } from 'fastify';
import type { StatusDocument } from '@naija-monitor/protocol';

/** The scheduler's vocabulary: what it publishes, what it is given, and its queue entries. */

/** What caused an update: the periodic tick, a database change, a reader with no fresh status, or another node. */
export type UpdateTrigger = 'interval' | 'change' | 'demand' | 'remote';

/** One computed status with its sequence number; the unit the hub fans out. */
export interface ComputedStatus {
  /** Rises by at least one with every update (see {@link StatusSchedulerOptions.initialSeq}). */
  readonly seq: number;
  /**
   * The document as computed. Its `monitor` field is this process's figures at fan-out time:
   * `prepareUpdate` sets it on every node (a follower replaces the leader's).
   */
  readonly document: StatusDocument;
  /** When it was computed (epoch ms). */
  readonly computedAt: number;
  /** When it was computed, on the monotonic clock (ms), to judge freshness. */
  readonly computedAtMono: number;
  readonly trigger: UpdateTrigger;
  /** How long the computation took; null for a relayed update. */
  readonly computeMs: number | null;
}

/** Options of {@link StatusScheduler}. */
export interface StatusSchedulerOptions {
  /** Computes one status document from the database. Called at most once at a time. */
  compute: () => Promise<StatusDocument>;
  /** Period of the periodic update (`BROADCAST_INTERVAL`). */
  intervalMs: number;
  /** True while someone (a live client) wants periodic updates; no demand, no computation. */
  hasDemand: () => boolean;
  /**
   * Subscribes to change notifications (the database's `pipeline_change`); returns the
   * unsubscribe function. Unset: periodic updates only.
   */
  listenForChanges?: (onChange: () => void) => Promise<() => Promise<void>>;
  /**
   * A change is computed at once; notifications within this window after it are merged into
   * one more computation at the window's end, so a stream of writes costs at most one
   * computation per window. @default 50
   */
  debounceMs?: number;
  /**
   * False on a node that only relays (a follower when status is shared over Redis): it then
   * computes nothing and publishes what {@link StatusScheduler.adopt} receives. @default () => true
   */
  shouldCompute?: () => boolean;
  /**
   * First sequence number. Defaults to the start time in epoch ms, so `seq` keeps rising across
   * restarts and clients that drop older updates keep working. @default Date.now()
   */
  initialSeq?: number;
  /** Called after every computation with its duration, and whether it succeeded. */
  onComputed?: (durationMs: number, ok: boolean) => void;
  /** Monotonic clock in ms. @default performance.now */
  now?: () => number;
  /** Wall clock in epoch ms. @default Date.now */
  wallNow?: () => number;
  log: Logger;
}

export interface Job {
  id: number;
  trigger: UpdateTrigger;
  /** Monotonic time before which the result is held back (the periodic tick). */
  publishAt: number | null;
}

export interface Waiter {
  /** The first job whose result satisfies this waiter. */
  jobId: number;
  resolve(status: ComputedStatus): void;
  reject(error: Error): void;
}

export interface Published extends ComputedStatus {
  /** Change counter when its computation started: fresh while nothing changed since. */
  changeCount: number;
}

/** `document` repeated as the last good data: same content, `system_health.stale` set. */
export function markedStale(document: StatusDocument): StatusDocument {
  return { ...document, system_health: { ...document.system_health, stale: true } };
}

/** How late past its tick a computation may deliver before the last document is repeated, stale. */
export const OVERDUE_GRACE_MS = 250;

/** Settles the waiters satisfied by job `jobId` (those waiting for it or an earlier one); returns the rest. */
export function settleWaiters(
  waiters: readonly Waiter[],
  jobId: number,
  settle: (waiter: Waiter) => void,
): Waiter[] {
  return waiters.filter((waiter) => {
    if (waiter.jobId > jobId) return true;
    settle(waiter);
    return false;
  });
}

/** A held result's timer; `release` publishes at once (at stop). */
export interface Hold {
  timer: NodeJS.Timeout;
  release(): void;
}

/** Resolves after `delayMs` (at once when not positive); `track` sees the hold while it lasts. */
export function holdFor(delayMs: number, track: (hold: Hold | null) => void): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      track(null);
      resolve();
    };
    const timer = setTimeout(release, delayMs);
    track({ timer, release });
  });
}
