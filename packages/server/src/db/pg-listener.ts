import pg from 'pg';

/** Options of {@link PgListener}. */
export interface PgListenerOptions {
  /** First delay before reconnecting after the connection is lost. @default 100 */
  minRetryDelayMs?: number;
  /** Longest delay between reconnection attempts (doubling from the first, with jitter). @default 2000 */
  maxRetryDelayMs?: number;
  /**
   * How often the idle connection is checked with a query, so a connection that died without
   * a FIN or RST (a partition, a wedged host) is noticed and replaced. @default 15000
   */
  checkIntervalMs?: number;
  /** Longest the check may take before the connection is deemed dead. @default 5000 */
  checkTimeoutMs?: number;
  /**
   * Hears about a subscriber that threw on a payload (the payload is dropped; listening goes
   * on). @default nothing: counted in {@link PgListener.payloadErrors}
   */
  onPayloadError?: (error: unknown) => void;
}

/**
 * `LISTEN channel` on a dedicated PostgreSQL connection that survives outages: when the
 * connection ends, errors or stops answering its periodic check, a new one is opened (backoff
 * with jitter, for as long as the listener is not stopped) and `LISTEN` is issued again.
 * Notifications sent while it was disconnected are lost, so after each reconnection
 * `onPayload('')` is called once: a subscriber treats it as "something may have changed".
 */
export class PgListener {
  readonly #config: pg.ClientConfig;
  readonly #channel: string;
  readonly #onPayload: (payload: string) => void;
  readonly #minRetryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #checkIntervalMs: number;
  readonly #checkTimeoutMs: number;
  #client: pg.Client | null = null;
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #checkTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #reconnections = 0;
  #payloadErrors = 0;
  readonly #onPayloadError: ((error: unknown) => void) | undefined;

  constructor(
    config: pg.ClientConfig,
    channel: string,
    onPayload: (payload: string) => void,
    options: PgListenerOptions = {},
  ) {
    this.#config = config;
    this.#channel = channel;
    this.#onPayload = onPayload;
    this.#minRetryDelayMs = options.minRetryDelayMs ?? 100;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 2000;
    this.#checkIntervalMs = options.checkIntervalMs ?? 15_000;
    this.#checkTimeoutMs = options.checkTimeoutMs ?? 5000;
    this.#onPayloadError = options.onPayloadError;
  }

  /** Payloads whose subscriber threw (dropped). */
  get payloadErrors(): number {
    return this.#payloadErrors;
  }

  /** Times the connection was lost and opened again. */
  get reconnections(): number {
    return this.#reconnections;
  }

  /** Connects and listens; rejects when the first connection fails (nothing is retried then). */
  async start(): Promise<void> {
    await this.#connect();
    this.#scheduleCheck();
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#checkTimer) clearTimeout(this.#checkTimer);
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    // A connection into a partition may never finish closing: wait a little, not forever.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.end().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1000);
      }),
    ]);
    clearTimeout(timer);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#config);
    // Without a listener an 'error' would crash the process; the connection is replaced instead.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.#channel) this.#deliver(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#channel)}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  /** The current connection is gone: drop it and reconnect (once per connection). */
  #lost(client: pg.Client): void {
    if (client !== this.#client || this.#stopped) return;
    this.#client = null;
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#retryTimer) return;
    const ceilingMs = Math.min(this.#maxRetryDelayMs, this.#minRetryDelayMs * 2 ** this.#attempt);
    // Half fixed, half random: several processes losing the database together do not
    // come back in step.
    const delayMs = ceilingMs / 2 + (Math.random() * ceilingMs) / 2;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect().then(
        () => {
          if (this.#stopped) return;
          this.#attempt = 0;
          this.#reconnections += 1;
          this.#deliver('');
        },
        () => {
          this.#attempt += 1;
          this.#scheduleReconnect();
        },
      );
    }, delayMs);
    this.#retryTimer.unref();
  }

  #scheduleCheck(): void {
    if (this.#stopped) return;
    this.#checkTimer = setTimeout(() => {
      this.#checkTimer = null;
      this.#check()
        .catch(() => {})
        .finally(() => this.#scheduleCheck());
    }, this.#checkIntervalMs);
    this.#checkTimer.unref();
  }

  /**
   * Hands a payload (anyone with database access can NOTIFY any text) to the subscriber. This
   * runs in pg's socket handling, where a throw would be an uncaught exception: a subscriber
   * that throws loses this payload, nothing more.
   */
  #deliver(payload: string): void {
    try {
      this.#onPayload(payload);
    } catch (error) {
      this.#payloadErrors += 1;
      try {
        this.#onPayloadError?.(error);
      } catch {
        // A failing error reporter must not undo the point of catching.
      }
    }
  }

  async #check(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#checkTimeoutMs);
    });
    const answered = client.query('SELECT 1').then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
    const outcome = await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    if (outcome !== 'ok') this.#lost(client);
  }
}
