import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';

/** What the host needs from a server under test. */
export interface BenchServer {
  /** Port it listens on (127.0.0.1). */
  readonly port: number;
  /** The HTTP server behind it (the host adds a second listening address to it). */
  readonly httpServer: HttpServer;
  /** Open live connections. */
  connections(): number;
  /**
   * Sends update `seq` to every client and resolves when the send loop is over. Each server
   * sends the latest update to a client as soon as it connects, like the real server.
   * `mode` selects a variant of the loop (the seed: with or without its per-client query).
   */
  broadcast(
    update: UpdateStamp,
    mode?: string,
  ): Promise<BroadcastOutcome | void> | BroadcastOutcome | void;
  /** Server-specific bench actions (e.g. a direct database write); optional. */
  action?(name: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** What a server reports about a broadcast when it differs from what it was asked. */
export interface BroadcastOutcome {
  /** The seq actually sent (a server with its own numbering maps the bench's onto it). */
  seq: number;
}

/** Seq and send time of one update. */
export interface UpdateStamp {
  seq: number;
  /** ISO-8601 send time. */
  timestamp: string;
}

/** Options every server factory gets. */
export interface ServerOptions {
  /** The status document, as JSON. */
  documentJson: string;
  settings: Record<string, string>;
}

/** Listen backlog for every server, so that no server loses handshakes to a short SYN queue. */
export const LISTEN_BACKLOG = 4096;

/** The update envelope of the contract, built around the document's JSON without re-serialising it. */
export function envelopeJson(update: UpdateStamp, documentJson: string): string {
  return `{"type":"${STATUS_UPDATE_TYPE}","timestamp":"${update.timestamp}","seq":${update.seq},"data":${documentJson}}`;
}

/** The hello-world route every peer serves, for the event-loop probe during broadcasts. */
export function helloHandler(request: IncomingMessage, response: ServerResponse): void {
  if (request.url === '/hello') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"hello":"world"}');
  } else if (!response.headersSent && !request.url?.startsWith('/socket.io/')) {
    response.writeHead(404);
    response.end();
  }
}
