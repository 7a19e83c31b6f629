import WebSocket from 'ws';

/** What happened to one connection attempt of one client. */
export interface FleetEvent {
  client: number;
  kind: 'open' | 'refused' | 'failed' | 'closed';
  /** Monotonic time (ms) in this process. */
  at: number;
  /** HTTP status of a refused handshake. */
  status?: number;
  /** `Retry-After` of a refused handshake, in seconds. */
  retryAfterSeconds?: number | null;
  /** Close code of a closed connection. */
  code?: number;
}

/** Options of {@link ReconnectingFleet}. */
export interface FleetOptions {
  url: string;
  count: number;
  /** Backoff base: the n-th retry waits uniform in [0, min(max, base × 2ⁿ)). @default 250 */
  baseDelayMs?: number;
  /** @default 4000 */
  maxDelayMs?: number;
  /** Source addresses to spread the clients over (127.0.0.x); default: the system's choice. */
  localAddresses?: string[];
}

interface Client {
  id: number;
  ws: WebSocket | null;
  /** Consecutive failed attempts, for the backoff. */
  failures: number;
  /** `system_health.node_id` and server send time of the first update on the current connection. */
  firstUpdate: { nodeId: string; sentAt: number } | null;
  lastNodeId: string | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A fleet of WebSocket clients that behave as the contract asks of a client: after a lost
 * connection they come back with full-jitter exponential backoff, and a refused handshake's
 * `Retry-After` is honoured (plus up to a second of jitter). Everything is recorded for the
 * test to check the pacing. The first update of each connection carries the server's send
 * time, the server-side moment the connection was served.
 */
export class ReconnectingFleet {
  readonly events: FleetEvent[] = [];
  readonly #options: Required<Omit<FleetOptions, 'localAddresses'>> & { localAddresses: string[] };
  readonly #clients: Client[] = [];
  /** Server send times (epoch ms) of each connection's first update, with the server's node id. */
  readonly firstUpdates: { client: number; nodeId: string; sentAt: number }[] = [];
  #stopped = false;

  constructor(options: FleetOptions) {
    this.#options = {
      baseDelayMs: 250,
      maxDelayMs: 4000,
      localAddresses: [],
      ...options,
    };
  }

  /** Connects every client, their first attempts spread uniformly over `spreadMs`. */
  start(spreadMs: number): void {
    for (let id = 0; id < this.#options.count; id++) {
      const client: Client = {
        id,
        ws: null,
        failures: 0,
        firstUpdate: null,
        lastNodeId: null,
        timer: null,
      };
      this.#clients.push(client);
      this.#schedule(client, Math.random() * spreadMs);
    }
  }

  /** Clients whose current connection has had an update from `nodeId`. */
  servedBy(nodeId: string): number {
    return this.#clients.filter(
      (c) => c.ws?.readyState === WebSocket.OPEN && c.lastNodeId === nodeId,
    ).length;
  }

  /** Closes every client; no reconnection afterwards. */
  stop(): void {
    this.#stopped = true;
    for (const client of this.#clients) {
      if (client.timer) clearTimeout(client.timer);
      client.ws?.terminate();
    }
  }

  #schedule(client: Client, delayMs: number): void {
    if (this.#stopped) return;
    client.timer = setTimeout(() => {
      client.timer = null;
      this.#connect(client);
    }, delayMs);
  }

  #backoffMs(client: Client): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** client.failures);
  }

  #connect(client: Client): void {
    if (this.#stopped) return;
    const addresses = this.#options.localAddresses;
    const ws = new WebSocket(this.#options.url, {
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      ...(addresses.length > 0 ? { localAddress: addresses[client.id % addresses.length] } : {}),
    });
    client.ws = ws;
    client.firstUpdate = null;
    let settled = false;
    /** Ends this attempt once, scheduling the next one after `delayMs`. */
    const retry = (delayMs: number) => {
      if (settled) return;
      settled = true;
      client.failures += 1;
      ws.removeAllListeners('close');
      ws.terminate();
      this.#schedule(client, delayMs);
    };
    ws.on('open', () => {
      this.events.push({ client: client.id, kind: 'open', at: performance.now() });
    });
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text.startsWith('{"type":"pipeline_status_update"')) return;
      const envelope = JSON.parse(text) as {
        timestamp: string;
        data: { system_health: { node_id: string } };
      };
      client.lastNodeId = envelope.data.system_health.node_id;
      if (client.firstUpdate === null) {
        client.firstUpdate = { nodeId: client.lastNodeId, sentAt: Date.parse(envelope.timestamp) };
        this.firstUpdates.push({ client: client.id, ...client.firstUpdate });
        client.failures = 0;
      }
    });
    ws.on('unexpected-response', (request, response) => {
      const header = response.headers['retry-after'];
      const retryAfterSeconds = header === undefined ? null : Number(header);
      this.events.push({
        client: client.id,
        kind: 'refused',
        at: performance.now(),
        status: response.statusCode ?? 0,
        retryAfterSeconds,
      });
      response.resume();
      request.destroy();
      retry(
        retryAfterSeconds !== null && retryAfterSeconds > 0
          ? retryAfterSeconds * 1000 + Math.random() * 1000
          : this.#backoffMs(client),
      );
    });
    ws.on('error', () => {
      if (ws.readyState !== WebSocket.OPEN && !settled) {
        this.events.push({ client: client.id, kind: 'failed', at: performance.now() });
        retry(this.#backoffMs(client));
      }
    });
    ws.on('close', (code) => {
      this.events.push({ client: client.id, kind: 'closed', at: performance.now(), code });
      client.lastNodeId = null;
      retry(this.#backoffMs(client));
    });
  }
}
