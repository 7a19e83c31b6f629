import { Redis, type RedisOptions } from 'ioredis';
import type { StatusDocument } from '@naija-monitor/protocol';
import type { Bus, StatusHandler, StatusMessage } from './bus';
import { BusDelivery, type BusLog } from './handler-errors';

/** Options of {@link RedisBus}. */
export interface RedisBusOptions {
  /** `REDIS_URL`, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /**
   * Prefix of every channel and key, so several monitors (or test runs) can share one Redis.
   * @default 'naija-monitor:'
   */
  prefix?: string;
  /** First reconnect delay after Redis is lost; doubles per failed try. @default 100 */
  minReconnectDelayMs?: number;
  /** Longest reconnect delay (before jitter). @default 2000 */
  maxReconnectDelayMs?: number;
  /** A command that gets no answer for this long fails (and the connection is dropped). @default 2000 */
  commandTimeoutMs?: number;
  /** How long the newest status (and its seq) is kept in Redis after the last publish. @default 86_400_000 */
  retainMs?: number;
  /** Randomness for the reconnect jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /** Hears about malformed messages and subscribers that threw (at most once a minute each). */
  log?: BusLog;
}

/** What {@link RedisBus.publish} did with a message. */
export type PublishOutcome =
  /** Stored and sent to every subscriber. */
  | 'published'
  /** Refused: Redis already holds a newer status (another node published a higher seq). */
  | 'fenced'
  /** Dropped: Redis is unreachable just now (the bus is degraded). */
  | 'dropped';

/**
 * Publishes only when the message's seq is above the stored one, so the shared stream never
 * goes backwards, whoever publishes (a leader that lost its lock without knowing yet, a node
 * computing alone while Redis was away). Refused: returns the stored (newer) message instead.
 * KEYS: seq key, message key. ARGV: seq, message JSON, channel, retain ms.
 */
const PUBLISH_IF_NEWER = `
local stored = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= stored then
  return redis.call('GET', KEYS[2]) or ''
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
redis.call('PUBLISH', ARGV[3], ARGV[2])
return 1
`;

/**
 * The {@link Bus} across processes, over Redis pub/sub (ioredis). Each message is published
 * once, by the node that computed it, and every node (the publisher included) receives it and
 * relays it to its own clients; the node id in the message lets a node drop its own echo.
 * The newest message is also kept in Redis, so a node that starts, or becomes the leader,
 * continues from the last published seq.
 *
 * Two connections: one for commands, one in subscriber mode. When either is down the bus is
 * disconnected ({@link connected} false, {@link onStateChange}): publishing drops messages
 * (the caller serves its own clients meanwhile), and both connections retry with exponential
 * backoff and jitter, resubscribing by themselves.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  /** The Redis channel status messages travel on. */
  readonly channel: string;
  /** The prefix of every key of this monitor. */
  readonly prefix: string;
  readonly #commands: Redis;
  readonly #subscriber: Redis;
  readonly #seqKey: string;
  readonly #messageKey: string;
  readonly #retainMs: number;
  readonly #handlers = new Set<StatusHandler>();
  readonly #stateListeners = new Set<(connected: boolean) => void>();
  #subscribed = false;
  #connected = false;
  #closed = false;
  readonly #delivery: BusDelivery;

  constructor(options: RedisBusOptions) {
    this.prefix = options.prefix ?? 'naija-monitor:';
    this.channel = `${this.prefix}status`;
    this.#seqKey = `${this.prefix}status:seq`;
    this.#messageKey = `${this.prefix}status:last`;
    this.#retainMs = options.retainMs ?? 86_400_000;
    this.#delivery = new BusDelivery(options.log);
    const minDelayMs = options.minReconnectDelayMs ?? 100;
    const maxDelayMs = options.maxReconnectDelayMs ?? 2000;
    const random = options.random ?? Math.random;
    const redisOptions: RedisOptions = {
      // Exponential backoff with up to 50 % jitter, so restarted Redis is not hit by every node at once.
      retryStrategy: (times) =>
        Math.round(
          Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, times - 1)) * (0.5 + random() / 2),
        ),
      // Nothing waits for Redis: a status is state, and the next one replaces a lost one.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: options.commandTimeoutMs ?? 2000,
      connectionName: `${this.prefix}bus`,
    };
    this.#commands = new Redis(options.url, redisOptions);
    // Subscribed by hand on every (re)connection rather than by ioredis's autoResubscribe, which
    // forgets a channel whose first SUBSCRIBE failed (Redis down at start).
    this.#subscriber = new Redis(options.url, { ...redisOptions, autoResubscribe: false });
    for (const redis of [this.#commands, this.#subscriber]) {
      // Without a listener a lost connection would be an unhandled 'error'; the state says it.
      redis.on('error', () => {});
      redis.on('ready', () => this.#updateState());
      redis.on('close', () => this.#updateState());
      redis.on('end', () => this.#updateState());
    }
    this.#subscriber.on('ready', () => {
      this.#subscriber.subscribe(this.channel).then(
        () => {
          this.#subscribed = true;
          this.#updateState();
        },
        () => this.#subscriber.disconnect(true),
      );
    });
    this.#subscriber.on('close', () => {
      this.#subscribed = false;
      this.#updateState();
    });
    // Runs inside ioredis's socket 'data' handling: nothing may throw out of it.
    this.#subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      if (channel.toString() === this.channel) this.#deliver(payload.toString());
    });
  }

  /** True while both connections are up: messages reach the other nodes. */
  get connected(): boolean {
    return this.#connected;
  }

  /** Messages received that were not status messages (ignored). */
  get malformedCount(): number {
    return this.#delivery.malformed;
  }

  /** Handler calls that threw (logged and skipped; the other handlers still got the message). */
  get handlerErrors(): number {
    return this.#delivery.handlerErrors;
  }

  /** Calls `listener` whenever {@link connected} changes; returns the unsubscribe function. */
  onStateChange(listener: (connected: boolean) => void): () => void {
    this.#stateListeners.add(listener);
    return () => {
      this.#stateListeners.delete(listener);
    };
  }

  /** Resolves once connected, or after `timeoutMs` (then the bus keeps trying in the background). */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.#connected || this.#closed) return this.#connected;
    return new Promise((resolve) => {
      const done = (connected: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(connected);
      };
      const timer = setTimeout(() => done(this.#connected), timeoutMs);
      const unsubscribe = this.onStateChange((connected) => {
        if (connected) done(true);
      });
    });
  }

  /**
   * The command connection, for other small bookkeeping of this monitor in Redis (the node
   * directory). Commands fail at once while Redis is unreachable.
   */
  get commands(): Redis {
    return this.#commands;
  }

  async publish(message: StatusMessage): Promise<void> {
    await this.publishIfNewer(message);
  }

  /**
   * {@link publish}, saying what happened. A fenced message's newer stored status is handed to
   * this node's own subscribers, so a publisher that fell behind catches up with the stream.
   */
  async publishIfNewer(message: StatusMessage): Promise<PublishOutcome> {
    if (this.#closed || !this.#connected) return 'dropped';
    let result: unknown;
    try {
      result = await this.#commands.eval(
        PUBLISH_IF_NEWER,
        2,
        this.#seqKey,
        this.#messageKey,
        String(message.seq),
        JSON.stringify(message),
        this.channel,
        String(this.#retainMs),
      );
    } catch {
      // Lost meanwhile: the state listeners hear about it; the next message replaces this one.
      return 'dropped';
    }
    if (result === 1) return 'published';
    if (typeof result === 'string' && result !== '') this.#deliver(result);
    return 'fenced';
  }

  subscribe(handler: StatusHandler): () => void {
    this.#handlers.add(handler);
    return () => {
      this.#handlers.delete(handler);
    };
  }

  /** The newest status published by any node, or undefined when none is stored or Redis is away. */
  async lastMessage(): Promise<StatusMessage | undefined> {
    if (this.#closed || !this.#connected) return undefined;
    try {
      const raw = await this.#commands.get(this.#messageKey);
      return raw === null ? undefined : parseStatusMessage(raw);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    // A deliberate close is not an outage: nobody is told.
    this.#stateListeners.clear();
    this.#updateState();
    await Promise.all(
      [this.#commands, this.#subscriber].map(async (redis) => {
        try {
          await redis.quit();
        } catch {
          redis.disconnect();
        }
      }),
    );
  }

  #deliver(raw: string): void {
    const message = parseStatusMessage(raw);
    if (!message) {
      this.#delivery.malformedMessage(raw.length);
      return;
    }
    this.#delivery.deliver([...this.#handlers], message);
  }

  #updateState(): void {
    const connected =
      !this.#closed &&
      this.#subscribed &&
      this.#commands.status === 'ready' &&
      this.#subscriber.status === 'ready';
    if (connected === this.#connected) return;
    this.#connected = connected;
    for (const listener of [...this.#stateListeners]) listener(connected);
  }
}

/** Turns a message from Redis back into a {@link StatusMessage}; undefined when it is not one. */
export function parseStatusMessage(raw: string): StatusMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { nodeId, seq, document, computedAt } = value as Record<string, unknown>;
  if (
    typeof nodeId !== 'string' ||
    typeof seq !== 'number' ||
    !Number.isSafeInteger(seq) ||
    typeof computedAt !== 'number' ||
    typeof document !== 'object' ||
    document === null
  ) {
    return undefined;
  }
  return { nodeId, seq, computedAt, document: document as StatusDocument };
}
