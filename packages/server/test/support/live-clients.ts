import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import { parseServerMessage, type ServerMessage, type StatusUpdate } from '@naija-monitor/protocol';

/** One message as received, with its arrival time (ms, monotonic) and raw text. */
export interface Received {
  at: number;
  raw: string;
  message: ServerMessage | undefined;
}

/**
 * What a test client waits on: `until` checks its predicate at once and again on every
 * arrival (a message, an event, the end), never on a timer; it fails after `timeoutMs`.
 */
export class Arrivals {
  #waiters: (() => void)[] = [];

  async until<T>(
    predicate: () => T | undefined | false,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A `ws` client that records everything it receives. */
export class TestWsClient {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  /** Resolves with the close code and reason once the connection is closed. */
  readonly closed: Promise<{ code: number; reason: string; at: number }>;
  readonly #arrivals = new Arrivals();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const raw = data.toString();
      const parsed = parseServerMessage(raw);
      this.received.push({
        at: performance.now(),
        raw,
        message: parsed.ok ? parsed.value : undefined,
      });
      this.#arrivals.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString(), at: performance.now() });
        this.#arrivals.wake();
      }),
    );
    ws.on('error', () => {});
  }

  /** Opens a connection; rejects on a refused handshake. */
  static open(url: string, options: ClientOptions = {}): Promise<TestWsClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new TestWsClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`handshake refused: ${response.statusCode}`)),
      );
      ws.once('error', reject);
    });
  }

  /** Status updates received so far. */
  updates(): (StatusUpdate & { at: number })[] {
    return this.received.flatMap((r) =>
      r.message?.type === 'pipeline_status_update' ? [{ ...r.message, at: r.at }] : [],
    );
  }

  /** Waits until `predicate` holds over what was received (checked on every message). */
  waitFor<T>(
    predicate: () => T | undefined | false,
    timeoutMs = 5000,
    what = 'condition',
  ): Promise<T> {
    return this.#arrivals.until(predicate, timeoutMs, what);
  }

  /** Waits for `count` status updates in all. */
  waitForUpdates(count: number, timeoutMs = 5000): Promise<(StatusUpdate & { at: number })[]> {
    return this.waitFor(
      () => (this.updates().length >= count ? this.updates() : undefined),
      timeoutMs,
      `${count} updates`,
    );
  }

  /** Waits for the next message of `type` after the `after`-th received message. */
  waitForType(type: ServerMessage['type'], after = 0, timeoutMs = 5000): Promise<Received> {
    return this.waitFor(
      () => this.received.slice(after).find((r) => r.message?.type === type),
      timeoutMs,
      `a ${type}`,
    );
  }

  close(): void {
    this.ws.close();
  }
}

/** The HTTP answer to a refused WebSocket handshake. */
export interface RefusedHandshake {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Attempts a handshake expected to be refused; resolves with the HTTP answer, or with `null`
 * when the connection opened (it is closed again at once).
 */
export function attemptHandshake(
  url: string,
  options: ClientOptions = {},
): Promise<RefusedHandshake | null> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    ws.once('open', () => {
      ws.terminate();
      resolve(null);
    });
    ws.once('unexpected-response', (_request, response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body }),
      );
      response.on('error', reject);
    });
    ws.once('error', (error) => {
      if (!(error instanceof Error && error.message.startsWith('Unexpected server response')))
        reject(error);
    });
  });
}

/** One Server-Sent Event. */
export interface SseEvent {
  id: string | undefined;
  data: string;
  at: number;
}

/** A minimal EventSource for tests (Node 20 has none): records events, comments and `retry:`. */
export class TestSseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  retryMs: number | undefined;
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  body = '';
  readonly ended: Promise<void>;
  #buffer = '';
  #response: IncomingMessage | undefined;
  #request: ReturnType<typeof httpRequest>;
  readonly #arrivals = new Arrivals();

  private constructor(
    url: string,
    headers: Record<string, string>,
    onResponse: (client: TestSseClient) => void,
    onError: (error: Error) => void,
  ) {
    let ended!: () => void;
    this.ended = new Promise((resolve) => (ended = resolve));
    this.#request = httpRequest(
      url,
      { headers: { accept: 'text/event-stream', ...headers } },
      (response) => {
        this.#response = response;
        this.statusCode = response.statusCode ?? 0;
        this.headers = response.headers;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.#onData(chunk));
        response.on('end', () => {
          ended();
          this.#arrivals.wake();
        });
        response.on('close', () => {
          ended();
          this.#arrivals.wake();
        });
        onResponse(this);
      },
    );
    this.#request.on('error', (error) => {
      ended();
      onError(error);
    });
    this.#request.end();
  }

  /** Opens a stream; resolves once the response head arrived (any status). */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestSseClient> {
    return new Promise((resolve, reject) => new TestSseClient(url, headers, resolve, reject));
  }

  /** Updates (parsed `data:`) received so far, with their ids. */
  updates(): (StatusUpdate & { id: string | undefined; at: number })[] {
    return this.events.flatMap((event) => {
      const parsed = parseServerMessage(event.data);
      return parsed.ok && parsed.value.type === 'pipeline_status_update'
        ? [{ ...parsed.value, id: event.id, at: event.at }]
        : [];
    });
  }

  waitFor<T>(
    predicate: () => T | undefined | false,
    timeoutMs = 5000,
    what = 'condition',
  ): Promise<T> {
    return this.#arrivals.until(predicate, timeoutMs, what);
  }

  close(): void {
    this.#response?.destroy();
    this.#request.destroy();
  }

  #onData(chunk: string): void {
    if (this.statusCode !== 200) {
      this.body += chunk;
      return;
    }
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments += 1;
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('retry: ')) this.retryMs = Number(line.slice(7));
      }
      if (data.length > 0) this.events.push({ id, data: data.join('\n'), at: performance.now() });
    }
    this.#arrivals.wake();
  }
}

/** Resolves after `ms`: for "nothing happens meanwhile" checks, never to wait for a condition. */
export { setTimeout as sleep } from 'node:timers/promises';
