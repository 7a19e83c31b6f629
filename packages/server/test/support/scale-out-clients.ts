import { get, type ClientRequest } from 'node:http';
import WebSocket from 'ws';

/** One status update as a client saw it. */
export interface SeenUpdate {
  seq: number;
  /** Arrival, `performance.now()`. */
  at: number;
  /** `system_health.bus` of the document. */
  bus: string | undefined;
  /** Which connection of this client brought it (0 for the first). */
  connection: number;
}

/** Options of {@link ReconnectingClient}. */
export interface ReconnectingClientOptions {
  url: string;
  /** Ceiling of the first reconnect delay (full jitter); doubles per failed try. */
  baseDelayMs: number;
  /** Largest ceiling. */
  maxDelayMs: number;
}

/**
 * A WebSocket client that behaves like the real client library: it reconnects whenever its
 * connection ends, after a full-jitter delay (uniform in [0, ceiling), the ceiling doubling per
 * failed try and reset by a connection that worked), and records every update it accepts
 * (newer than the newest so far, as the library does).
 * Only the envelope's `seq` and the document's `bus` are read (by pattern, not by parsing
 * every 3 KB message), so hundreds of them fit in one test process.
 */
export class ReconnectingClient {
  readonly updates: SeenUpdate[] = [];
  /** Every time the client was without a connection: from close to the next open (ms, monotonic). */
  readonly outages: {
    closedAt: number;
    reopenedAt: number | null;
    code: number;
    /** Time spent waiting (backoff) rather than connecting, in this outage. */
    waitedMs: number;
    /** Connection attempts in this outage. */
    tries: number;
  }[] = [];
  readonly #options: ReconnectingClientOptions;
  #ws: WebSocket | null = null;
  #connections = 0;
  #failures = 0;
  #open = false;
  #closed = false;
  #timer: NodeJS.Timeout | null = null;
  /** Newest seq accepted, over all connections. */
  #accepted = 0;
  /** Newest seq on the current connection. */
  #connectionSeq = 0;
  #backwards = 0;
  #dropped = 0;

  constructor(options: ReconnectingClientOptions) {
    this.#options = options;
  }

  /** True while connected. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Updates that came on one connection with a seq not above the one before (must stay 0). */
  get backwards(): number {
    return this.#backwards;
  }

  /**
   * Updates dropped as not newer than one already accepted, as the client library does: after
   * a reconnect the new process's first update can be one the client already had.
   */
  get dropped(): number {
    return this.#dropped;
  }

  get connections(): number {
    return this.#connections;
  }

  /** The newest update received, if any. */
  get last(): SeenUpdate | undefined {
    return this.updates.at(-1);
  }

  /** Connects; resolves once open (or rejects if the first try fails). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.#connect(resolve, reject));
  }

  /** Stops reconnecting and closes. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.terminate();
  }

  /** Updates received at or after `since` (monotonic ms). */
  since(since: number): SeenUpdate[] {
    return this.updates.filter((u) => u.at >= since);
  }

  #connect(onOpen?: () => void, onFail?: (error: Error) => void): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.#options.url, {
      perMessageDeflate: false,
      handshakeTimeout: 5000,
    });
    this.#ws = ws;
    const connection = this.#connections;
    let opened = false;
    this.#connectionSeq = 0;
    ws.on('open', () => {
      opened = true;
      this.#open = true;
      this.#connections += 1;
      this.#failures = 0;
      const outage = this.outages.at(-1);
      if (outage && outage.reopenedAt === null) outage.reopenedAt = performance.now();
      onOpen?.();
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('{"type":"pipeline_status_update"')) return;
      const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
      if (seq <= this.#connectionSeq) this.#backwards += 1;
      this.#connectionSeq = Math.max(this.#connectionSeq, seq);
      if (seq <= this.#accepted) {
        this.#dropped += 1;
        return;
      }
      this.#accepted = seq;
      this.updates.push({
        seq,
        at: performance.now(),
        bus: /"bus":"(\w+)"/.exec(text)?.[1],
        connection,
      });
    });
    ws.on('error', (error) => {
      if (!opened) onFail?.(error);
    });
    ws.on('close', (code) => {
      const wasOpen = opened;
      this.#open = false;
      if (this.#closed) return;
      if (wasOpen) {
        this.outages.push({
          closedAt: performance.now(),
          reopenedAt: null,
          code,
          waitedMs: 0,
          tries: 0,
        });
      } else this.#failures += 1;
      if (onFail && !wasOpen) return; // the first try failed: start() rejected
      const ceilingMs = Math.min(
        this.#options.maxDelayMs,
        this.#options.baseDelayMs * 2 ** this.#failures,
      );
      const delayMs = Math.random() * ceilingMs;
      const outage = this.outages.at(-1);
      if (outage && outage.reopenedAt === null) {
        outage.waitedMs += delayMs;
        outage.tries += 1;
      }
      this.#timer = setTimeout(() => this.#connect(), delayMs);
    });
  }
}

/** Opens `count` clients, `batch` handshakes at a time. */
export async function openClients(
  count: number,
  options: ReconnectingClientOptions,
  batch = 50,
): Promise<ReconnectingClient[]> {
  const clients: ReconnectingClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group = Array.from(
      { length: Math.min(batch, count - start) },
      () => new ReconnectingClient(options),
    );
    await Promise.all(group.map((client) => client.start()));
    clients.push(...group);
  }
  return clients;
}

/**
 * The longest run of consecutive `published` updates (in publish order) that the client did
 * not receive. Updates published while `excused(at)` holds are skipped: they neither count nor
 * break a run (see {@link handshakeWindows}).
 */
export function longestMissedRun(
  received: Set<number>,
  published: readonly { seq: number; at: number }[],
  excused: (at: number) => boolean = () => false,
): number {
  let run = 0;
  let longest = 0;
  for (const { seq, at } of published) {
    if (received.has(seq)) run = 0;
    else if (!excused(at)) run += 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * The parts of a client's outages spent in handshakes rather than in its own backoff: from the
 * end of its backoff waits to the reopened connection. Their length is the machine's (a busy
 * server answering a burst of handshakes late), not the monitor's behaviour, so a test may
 * excuse updates published during them.
 */
export function handshakeWindows(client: ReconnectingClient): [number, number][] {
  return client.outages
    .filter((o) => o.reopenedAt !== null)
    .map((o) => [o.closedAt + o.waitedMs, o.reopenedAt!]);
}

/** An SSE stream read with `http.get`: the seq of every event and when it arrived. */
export class SseReader {
  readonly events: { seq: number; at: number }[] = [];
  readonly #request: ClientRequest;

  private constructor(request: ClientRequest) {
    this.#request = request;
  }

  /** Opens `url`; resolves once the response headers are in (rejects unless 200 event-stream). */
  static open(url: string): Promise<SseReader> {
    return new Promise((resolve, reject) => {
      const request = get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
        if (
          response.statusCode !== 200 ||
          !response.headers['content-type']?.startsWith('text/event-stream')
        ) {
          response.resume();
          reject(
            new Error(`SSE refused: ${response.statusCode} ${response.headers['content-type']}`),
          );
          return;
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(event)?.[1];
            if (id) reader.events.push({ seq: Number(id), at: performance.now() });
          }
        });
        resolve(reader);
      });
      const reader = new SseReader(request);
      request.on('error', reject);
    });
  }

  close(): void {
    this.#request.destroy();
  }
}

/**
 * How long the client was behind the shared stream, at worst: for each published update, the
 * time from its publication until the client had it or a newer one, less the part of that time
 * spent in the client's handshake windows (the machine's; see {@link handshakeWindows}).
 * Updates published after the client's last arrival are ignored.
 */
export function longestStalenessMs(
  client: ReconnectingClient,
  published: readonly { seq: number; at: number }[],
  windows: readonly [number, number][] = handshakeWindows(client),
): number {
  const arrivals = client.updates;
  let worst = 0;
  let next = 0;
  for (const update of published) {
    // Arrivals are in seq order (the client accepts only newer ones): walk forward.
    while (next < arrivals.length && arrivals[next]!.seq < update.seq) next += 1;
    const caughtUp = arrivals[next];
    if (!caughtUp) break;
    const end = Math.max(caughtUp.at, update.at);
    const excused = windows.reduce(
      (total, [from, to]) => total + Math.max(0, Math.min(to, end) - Math.max(from, update.at)),
      0,
    );
    worst = Math.max(worst, end - update.at - excused);
  }
  return worst;
}
