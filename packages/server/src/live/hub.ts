import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { LiveMetrics } from '../metrics/live-metrics';
import { ConnectionRegistry } from './connection-registry';
import { heartbeatAction, type HeartbeatSettings } from './heartbeat';
import type { CloseCause, LiveClient, ServerCloseCause, Transport } from './live-client';
import { followUpdate, type Frames, type PreparedUpdate } from './prepared-update';
import { decideDelivery, type SlowClientPolicy } from './slow-client-policy';

/** Options of {@link Hub}. */
export interface HubOptions {
  slowClient: SlowClientPolicy;
  heartbeat: HeartbeatSettings;
  /**
   * Clients written per turn of the event loop; between slices the loop runs pings, HTTP and
   * handshakes (an unsliced loop over 20 000 clients blocks it for ~250 ms; a slice of 1 000 is
   * ~13 ms of CPU here, so a turn stays well under the 50 ms lag budget on a busy core). @default 1000
   */
  sliceSize?: number;
  /** Monotonic clock (ms). */
  now: () => number;
  log: Logger;
  metrics: LiveMetrics;
  /** Called when the first client arrives after a time without any. */
  onFirstClient?: () => void;
}

/**
 * Updates kept for clients that resume after a seq they hold: a few seconds at the shortest
 * intervals, a minute at the default 5 s. More missed than this: the newest document only.
 */
const RECENT_UPDATES = 12;

/** Messages, bytes and skips per transport, summed over a slice and recorded once. */
class Tally {
  readonly messages: Record<Transport, number> = { websocket: 0, sse: 0 };
  readonly bytes: Record<Transport, number> = { websocket: 0, sse: 0 };
  readonly skips: Record<Transport, number> = { websocket: 0, sse: 0 };
  /** Sends that threw; kept across flushes, read once per broadcast. */
  failures = 0;

  flush(metrics: LiveMetrics): void {
    for (const transport of ['websocket', 'sse'] as const) {
      metrics.sent(transport, this.messages[transport], this.bytes[transport]);
      metrics.skipped(transport, this.skips[transport]);
      this.messages[transport] = this.bytes[transport] = this.skips[transport] = 0;
    }
  }
}

/**
 * The live clients of this process and everything done to all of them: fan-out of one prepared
 * update (the same bytes to every client, in slices), the slow-client policy, heartbeats,
 * rotation and closing them all at shutdown. It never computes or serializes anything itself.
 */
export class Hub {
  /** The connected clients. */
  readonly registry = new ConnectionRegistry();
  readonly #options: HubOptions;
  readonly #sliceSize: number;
  #latest: PreparedUpdate | undefined;
  /** The last {@link RECENT_UPDATES} updates fanned out, oldest first (for resuming clients). */
  #recent: PreparedUpdate[] = [];
  #generation = 0;
  #nextId = 1;
  #sweepTimer: NodeJS.Timeout | null = null;
  #sweeping = false;
  #emptyWaiters: (() => void)[] = [];

  constructor(options: HubOptions) {
    this.#options = options;
    this.#sliceSize = options.sliceSize ?? 1000;
  }

  /** The newest update fanned out, if any. */
  get latest(): PreparedUpdate | undefined {
    return this.#latest;
  }

  /**
   * The updates fanned out after `seq`, oldest first, when the hub still holds the one with
   * `seq` and those after it (at most {@link RECENT_UPDATES}); otherwise undefined.
   */
  updatesAfter(seq: number | undefined): PreparedUpdate[] | undefined {
    if (seq === undefined) return undefined;
    const at = this.#recent.findIndex((update) => update.seq === seq);
    return at < 0 || at === this.#recent.length - 1 ? undefined : this.#recent.slice(at + 1);
  }

  /** A new connection id (for logs). */
  nextId(): number {
    return this.#nextId++;
  }

  /** Registers an accepted client. */
  add(client: LiveClient): void {
    if (!this.registry.add(client)) return;
    this.#options.metrics.opened(client.transport);
    this.#options.log.info(
      {
        conn: client.id,
        transport: client.transport,
        ip: client.ip,
        connections: this.registry.size,
      },
      'live client connected',
    );
    if (this.registry.size === 1) this.#options.onFirstClient?.();
  }

  /** Forgets a client whose connection ended. */
  remove(client: LiveClient, cause: CloseCause, code?: number): void {
    if (!this.registry.delete(client)) return;
    const durationMs = this.#options.now() - client.openedAt;
    this.#options.metrics.closed(client.transport, cause, durationMs);
    this.#options.log.info(
      {
        conn: client.id,
        transport: client.transport,
        ip: client.ip,
        cause,
        code,
        durationMs: Math.round(durationMs),
        connections: this.registry.size,
      },
      'live client disconnected',
    );
    if (this.registry.size === 0) {
      const waiters = this.#emptyWaiters;
      this.#emptyWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * Writes `update` to every client, a slice at a time. A newer broadcast started meanwhile
   * takes over: the older one stops, and the clients it had not reached get only the newer one.
   */
  async broadcast(update: PreparedUpdate): Promise<void> {
    // v2 clients get the patch from the update they were last sent to this one.
    followUpdate(update, this.#latest);
    this.#latest = update;
    this.#recent.push(update);
    if (this.#recent.length > RECENT_UPDATES) this.#recent.shift();
    const generation = ++this.#generation;
    const startedAt = this.#options.now();
    const clients = this.registry.snapshot();
    const tally = new Tally();
    for (let start = 0; start < clients.length; start += this.#sliceSize) {
      if (start > 0) {
        tally.flush(this.#options.metrics);
        await yieldToLoop();
        if (generation !== this.#generation) return;
      }
      const now = this.#options.now();
      const end = Math.min(clients.length, start + this.#sliceSize);
      for (let i = start; i < end; i++) this.#deliver(clients[i]!, update, now, false, tally);
    }
    tally.flush(this.#options.metrics);
    this.#options.metrics.broadcast(this.#options.now() - startedAt, tally.failures);
  }

  /**
   * Writes `update` to one client (its first update, a refresh, a catch-up) under the same
   * slow-client policy. With `force`, it is sent even when the client already has this `seq`.
   */
  deliver(client: LiveClient, update: PreparedUpdate, force = false): void {
    const tally = new Tally();
    this.#deliver(client, update, this.#options.now(), force, tally);
    tally.flush(this.#options.metrics);
  }

  /** Starts the heartbeat sweep: pings, dead peers, rotation, slow-client catch-up. */
  startHeartbeat(): void {
    if (this.#sweepTimer) return;
    this.#sweepTimer = setInterval(() => {
      // A timer callback: a rejection here would be unhandled and stop the process.
      this.#sweep().catch((error: unknown) =>
        this.#options.log.error({ err: error }, 'heartbeat sweep failed; next sweep retries'),
      );
    }, this.#options.heartbeat.sweepMs);
    this.#sweepTimer.unref();
  }

  /** Stops the heartbeat sweep. */
  stopHeartbeat(): void {
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    this.#sweepTimer = null;
  }

  /**
   * Closes every client with `cause` (1012 for a restart), a slice at a time, and waits up to
   * `timeoutMs` for them to go; the rest are terminated.
   */
  async closeAll(cause: ServerCloseCause, timeoutMs: number): Promise<void> {
    this.stopHeartbeat();
    const clients = this.registry.snapshot();
    for (let start = 0; start < clients.length; start += this.#sliceSize) {
      if (start > 0) await yieldToLoop();
      for (const client of clients.slice(start, start + this.#sliceSize)) client.close(cause);
    }
    if (this.registry.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#emptyWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    for (const client of this.registry.snapshot()) {
      client.terminate(cause);
      // A terminated socket reports its close asynchronously; forget it now.
      this.remove(client, cause);
    }
  }

  #deliver(
    client: LiveClient,
    update: PreparedUpdate,
    now: number,
    force: boolean,
    tally: Tally,
  ): void {
    if (!client.isOpen() || (!force && update.seq <= client.lastSeq)) return;
    const decision = decideDelivery(
      client.bufferedBytes(),
      client.skippedSince,
      now,
      this.#options.slowClient,
    );
    if (decision === 'send') {
      let bytes: number;
      try {
        bytes = client.write(this.#framesFor(client, update, force));
      } catch (error) {
        // One broken socket must not stop the fan-out to the clients after it in the slice.
        tally.failures += 1;
        this.#options.log.warn(
          { err: error, conn: client.id, transport: client.transport },
          'send failed; dropping the live client',
        );
        client.terminate('error');
        return;
      }
      tally.messages[client.transport] += 1;
      tally.bytes[client.transport] += bytes;
      client.lastSeq = Math.max(client.lastSeq, update.seq);
      client.skippedSince = null;
      client.needsFull = false;
    } else if (decision === 'skip') {
      client.skippedSince ??= now;
      // Behind: it gets the full document when it has drained, not a chain of patches.
      client.needsFull = true;
      tally.skips[client.transport] += 1;
    } else {
      this.#options.log.warn(
        {
          conn: client.id,
          transport: client.transport,
          ip: client.ip,
          bufferedBytes: client.bufferedBytes(),
        },
        'closing a live client stuck behind its backlog',
      );
      client.close('slow');
    }
  }

  /**
   * v1 clients get the full update; a v2 client gets the patch when it holds exactly the
   * patch's base, and the full document otherwise (new, resync, skipped, forced refresh).
   */
  #framesFor(client: LiveClient, update: PreparedUpdate, force: boolean): Frames {
    if (client.protocol !== 2 || client.needsFull || force) return update;
    const patch = update.patch();
    return patch !== null && patch.base === client.lastSeq ? patch : update;
  }

  async #sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const clients = this.registry.snapshot();
      const tally = new Tally();
      for (let start = 0; start < clients.length; start += this.#sliceSize) {
        if (start > 0) await yieldToLoop();
        const now = this.#options.now();
        for (const client of clients.slice(start, start + this.#sliceSize)) {
          try {
            this.#sweepOne(client, now, tally);
          } catch (error) {
            // One broken connection must not stop the sweep for the clients after it.
            this.#options.log.warn(
              { err: error, conn: client.id, transport: client.transport },
              'heartbeat failed; dropping the live client',
            );
            client.terminate('error');
          }
        }
      }
      tally.flush(this.#options.metrics);
    } finally {
      this.#sweeping = false;
    }
  }

  #sweepOne(client: LiveClient, now: number, tally: Tally): void {
    if (!client.isOpen()) return;
    const action = heartbeatAction(client, now, this.#options.heartbeat);
    if (action === 'terminate') {
      this.#options.log.info(
        { conn: client.id, ip: client.ip, silentMs: Math.round(now - client.lastSeenAt) },
        'live client timed out',
      );
      client.terminate('timeout');
      return;
    }
    if (action === 'rotate') {
      client.close('max_age');
      return;
    }
    if (action === 'ping') {
      client.lastHeartbeatAt = now;
      client.heartbeat();
    }
    // A skipped client gets the newest update once it has drained, or is closed if still stuck.
    if (client.skippedSince !== null && this.#latest)
      this.#deliver(client, this.#latest, now, false, tally);
  }
}
