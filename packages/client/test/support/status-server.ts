import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  CLOSE_CODES,
  PATHS,
  STATUS_UPDATE_TYPE,
  UNAUTHORIZED_REASON,
  parseClientMessage,
  type StatusDocument,
  type StatusUpdate,
} from '@naija-monitor/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeStatusDocument } from './status-document';

/** Options of the test server. */
export interface StatusTestServerOptions {
  /** Broadcast interval. @default 200 */
  intervalMs?: number;
  /** When set, every transport requires this token (WS/SSE `?token=`, HTTP `Bearer`). */
  token?: string;
}

/**
 * A small real server implementing the client's side of the contract (docs/contract.md):
 * WebSocket at both paths (update on open, every interval and on change; pong; refresh; 4001),
 * SSE (`id:` = seq, data = envelope) and HTTP status with ETag/304. Tests can refuse each
 * transport, kill it abruptly and restart it on the same port.
 */
export class StatusTestServer {
  /** HTTP status to refuse WebSocket upgrades with (e.g. 503, 404), or null to accept. */
  websocketRefusal: number | null = null;
  /** HTTP status to refuse the SSE stream with, or null to serve it. */
  sseRefusal: number | null = null;
  /** `Retry-After` (seconds) sent with refusals, or null. */
  retryAfterSeconds: number | null = null;
  /** What the server saw. */
  readonly counts = { handshakes: 0, refreshes: 0, sseStreams: 0, polls: 0, notModified: 0 };

  readonly #http: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #streams = new Set<ServerResponse>();
  readonly #intervalMs: number;
  readonly #token: string | null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #status: StatusDocument = makeStatusDocument({ articles: 1 });
  #seq = 1;
  #port = 0;

  private constructor(options: StatusTestServerOptions) {
    this.#intervalMs = options.intervalMs ?? 200;
    this.#token = options.token ?? null;
    this.#http = createServer((req, res) => this.#onRequest(req, res));
    this.#http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.#onUpgrade(req, socket, head),
    );
  }

  /** Starts a server on an ephemeral port. */
  static async start(options: StatusTestServerOptions = {}): Promise<StatusTestServer> {
    const server = new StatusTestServer(options);
    await server.restart();
    return server;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Open WebSocket connections. */
  get websockets(): number {
    return this.#sockets.size;
  }

  /** Open SSE streams. */
  get sseStreams(): number {
    return this.#streams.size;
  }

  /** Replaces the status and pushes it at once (the contract's change-driven update). */
  setStatus(status: StatusDocument): void {
    this.#status = status;
    this.#seq += 1;
    this.#broadcast();
  }

  /** Closes every WebSocket with `code` (1000 rotation, 1012 restart, 1013 try later...). */
  closeWebSockets(code: number, reason = ''): void {
    for (const socket of this.#sockets) socket.close(code, reason);
  }

  /** Dies abruptly: every socket destroyed, nothing said to clients, port released. */
  async kill(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    for (const socket of this.#sockets) socket.terminate();
    this.#sockets.clear();
    for (const stream of this.#streams) stream.destroy();
    this.#streams.clear();
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    this.#http.closeAllConnections();
    await closed;
  }

  /** Listens again, on the same port after the first start. */
  async restart(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(this.#port, '127.0.0.1', () => {
        this.#http.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#http.address() as AddressInfo).port;
    this.#timer = setInterval(() => this.#broadcast(), this.#intervalMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#http.listening) await this.kill();
    this.#wss.close();
  }

  #envelope(): string {
    const update: StatusUpdate = {
      type: STATUS_UPDATE_TYPE,
      timestamp: new Date().toISOString(),
      seq: this.#seq,
      data: this.#status,
    };
    return JSON.stringify(update);
  }

  #broadcast(): void {
    const message = this.#envelope();
    for (const socket of this.#sockets) socket.send(message);
    for (const stream of this.#streams) stream.write(`id: ${this.#seq}\ndata: ${message}\n\n`);
  }

  #authorized(url: URL, req: IncomingMessage, via: 'query' | 'header'): boolean {
    if (this.#token === null) return true;
    const given =
      via === 'query'
        ? url.searchParams.get('token')
        : /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    return given === this.#token;
  }

  #onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.counts.handshakes += 1;
    const refusal = (PATHS.websocket as readonly string[]).includes(url.pathname)
      ? this.websocketRefusal
      : 404;
    if (refusal !== null) {
      const retry =
        this.retryAfterSeconds === null ? '' : `Retry-After: ${this.retryAfterSeconds}\r\n`;
      socket.end(
        `HTTP/1.1 ${refusal} Refused\r\n${retry}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (!this.#authorized(url, req, 'query')) {
        ws.close(CLOSE_CODES.UNAUTHORIZED, UNAUTHORIZED_REASON);
        return;
      }
      this.#sockets.add(ws);
      ws.on('close', () => this.#sockets.delete(ws));
      ws.on('message', (data) => {
        const parsed = parseClientMessage(data.toString());
        if (!parsed.ok) return;
        if (parsed.value.type === 'ping') {
          ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
        } else {
          this.counts.refreshes += 1;
          ws.send(this.#envelope());
        }
      });
      ws.send(this.#envelope()); // the first update, at once
    });
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number): void => {
      if (this.retryAfterSeconds !== null)
        res.setHeader('Retry-After', String(this.retryAfterSeconds));
      res.writeHead(status).end();
    };
    if (req.method === 'GET' && url.pathname === PATHS.sse) {
      if (!this.#authorized(url, req, 'query')) return refuse(401);
      if (this.sseRefusal !== null) return refuse(this.sseRefusal);
      this.counts.sseStreams += 1;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(`: stream open\n\nid: ${this.#seq}\ndata: ${this.#envelope()}\n\n`);
      this.#streams.add(res);
      res.on('close', () => this.#streams.delete(res));
      return;
    }
    if (req.method === 'GET' && url.pathname === PATHS.status) {
      if (!this.#authorized(url, req, 'header')) return refuse(401);
      this.counts.polls += 1;
      const etag = `"${this.#seq}"`;
      if (req.headers['if-none-match'] === etag) {
        this.counts.notModified += 1;
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag });
      res.end(JSON.stringify(this.#status));
      return;
    }
    res.writeHead(404).end();
  }
}
