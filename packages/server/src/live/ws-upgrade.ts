import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import {
  CLOSE_CODES,
  PATHS,
  type ErrorBody,
  UNAUTHORIZED_REASON,
  WS_SUBPROTOCOL_V2,
} from '@naija-monitor/protocol';
import { bearerToken, tokenMatches } from '../access/auth';
import { checkHost } from '../access/host-policy';
import { MAX_URL_BYTES } from '../access/security';
import type { LiveMetrics } from '../metrics/live-metrics';
import { clientAddress } from '../access/client-address';
import { CLOSE_GRACE_MS } from './close-codes';
import type { ConnectionLimits } from './connection-limits';
import type { ProxyTrust } from '../access/ip-ranges';
import { RefusalLog } from './refusal-log';

/** What the upgrade handler needs. */
export interface WsUpgradeDeps {
  limits: ConnectionLimits;
  /** Largest client frame (`MAX_MESSAGE_BYTES`); larger ones close the connection with 1009. */
  maxMessageBytes: number;
  /** Which peers' X-Forwarded-For is believed (`TRUST_PROXY`). */
  trustProxy: ProxyTrust;
  /** Accepted `?token=` values; empty: no authentication. */
  authTokens: readonly string[];
  /** `ALLOWED_HOSTS`: another `Host` gets 421, the same rule as HTTP (http/host-policy.ts). */
  allowedHosts: readonly string[];
  metrics: LiveMetrics;
  log: Logger;
  /** An authorised connection opened from `ip`. */
  /** `lastSeq`: the `?lastEventId=` the client resumes after (the seq it already holds). */
  onConnection(ws: WebSocket, ip: string, lastSeq: number | undefined): void;
}

/** Handles the HTTP `upgrade` event of the server; see {@link createUpgradeHandler}. */
export interface UpgradeHandler {
  (request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the WebSocket server (clients are closed by the hub). */
  close(): void;
}

const WEBSOCKET_PATHS: readonly string[] = PATHS.websocket;

/**
 * Our own `upgrade` handler (ws in `noServer` mode), so every refusal is a plain HTTP answer
 * before the upgrade: 414 for a long target, 400 for one that is no URL, 404 for another path,
 * then the {@link ConnectionLimits} (403, 429, 503). Nothing a peer sends can throw out of it.
 * A wrong or missing token is different: browsers cannot read the status of a failed
 * handshake, so the connection is accepted and closed at once with 4001 `Unauthorized`, which
 * the client can read and act on (stop retrying). permessage-deflate is off: per-client
 * compression costs 12-17× the CPU and ~220 KB per connection (performance-notes.md), and it
 * would stop frame-once writes.
 */
export function createUpgradeHandler(deps: WsUpgradeDeps): UpgradeHandler {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
    // Pings are answered by WsClient, which counts them toward the message rate and drops the
    // pong of a peer that does not read (ws would queue one per ping without bound).
    autoPong: false,
    // Live protocol v2 when the client offers it; otherwise no subprotocol is selected and the
    // connection speaks v1 (the full document every time), which every client understands.
    handleProtocols: selectProtocol,
  });
  const refusals = new RefusalLog(deps.log, performance.now.bind(performance));
  const handler = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // This runs on the raw `upgrade` event, outside Fastify's error handling: anything thrown
    // here would reach uncaughtException and stop the process. Whatever a peer sends, it gets
    // an answer or its connection alone is dropped.
    try {
      // A peer resetting mid-handshake must not crash the process. A module-level listener, not
      // an arrow: an arrow here would share this call's closure context with the upgrade
      // callback below and keep `request` (headers) and `url` alive as long as the socket,
      // ~2 KB of heap per connection (bench/heap-diff.ts).
      socket.on('error', destroyOnError);
      if ((request.url ?? '').length > MAX_URL_BYTES) {
        refuse(socket, 414, {
          error: 'URI_TOO_LONG',
          message: `The URL is longer than ${MAX_URL_BYTES} bytes`,
          statusCode: 414,
          field: 'url',
        });
        return;
      }
      const target = liveTarget(request.url ?? '/');
      if (target === null) {
        refusals.refused('invalid_url', { ip: request.socket.remoteAddress });
        refuse(socket, 400, {
          error: 'INVALID_URL',
          message: 'The request target is not a valid path; use /ws/monitoring/pipeline-status',
          statusCode: 400,
          field: 'url',
        });
        return;
      }
      if (!WEBSOCKET_PATHS.includes(target.pathname)) {
        refuse(socket, 404, {
          error: 'NOT_FOUND',
          message: `No WebSocket endpoint at ${target.pathname.slice(0, 200)}`,
          statusCode: 404,
        });
        return;
      }
      const misdirected = checkHost(request.headers.host, deps.allowedHosts);
      if (misdirected) {
        refuse(socket, 421, misdirected.body());
        return;
      }
      const ip = clientAddress(request, deps.trustProxy);
      // The token is checked before the limits so that a handshake without a valid one never
      // spends the budget of authenticated ones (MAX_HANDSHAKES_PER_SECOND); it is still
      // upgraded and closed with 4001, which browsers can read.
      const authorised =
        deps.authTokens.length === 0 ||
        tokenMatches(
          new URLSearchParams(target.search).get('token') ??
            bearerToken(request.headers.authorization),
          deps.authTokens,
        );
      const refusal = deps.limits.admit({
        ip,
        origin: request.headers.origin,
        host: request.headers.host,
        authenticated: authorised,
      });
      if (refusal) {
        deps.metrics.refused('websocket', refusal.reason);
        refusals.refused(refusal.reason, {
          ip,
          statusCode: refusal.statusCode,
          origin: request.headers.origin,
        });
        refuse(
          socket,
          refusal.statusCode,
          { error: refusal.code, message: refusal.message, statusCode: refusal.statusCode },
          refusal.retryAfterSeconds,
        );
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        if (!authorised) {
          deps.metrics.refused('websocket', 'unauthorized');
          refusals.refused('unauthorized', { ip });
          ws.on('error', () => {});
          ws.close(CLOSE_CODES.UNAUTHORIZED, UNAUTHORIZED_REASON);
          setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
          return;
        }
        try {
          deps.onConnection(ws, ip, resumeSeq(target.search));
        } catch (error) {
          refusals.failed(error, { ip });
          ws.terminate();
        }
      });
    } catch (error) {
      refusals.failed(error, { ip: request.socket.remoteAddress, url: request.url?.slice(0, 200) });
      socket.destroy();
    }
  };
  return Object.assign(handler, { close: () => wss.close() });
}

/**
 * The path and query of an upgrade request's target, or null when it is not one (the URL
 * parser refuses `//`, `//a:b`, `/\`, ...). A plain `/path?query` that names one of our paths
 * exactly is split as it is (the common case, on every handshake of a reconnect storm);
 * anything else (dot segments, percent-encoding, absolute form) goes through the URL parser,
 * whose normalized path is what is matched.
 */
export function liveTarget(rawUrl: string): { pathname: string; search: string } | null {
  const query = rawUrl.indexOf('?');
  const pathname = query < 0 ? rawUrl : rawUrl.slice(0, query);
  if (WEBSOCKET_PATHS.includes(pathname) && !rawUrl.includes('#'))
    return { pathname, search: query < 0 ? '' : rawUrl.slice(query) };
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://localhost');
  } catch {
    return null;
  }
  return { pathname: url.pathname, search: url.search };
}

/** ws `handleProtocols`: `naija-monitor.v2` when offered, else none (v1). */
export function selectProtocol(offered: Set<string>): string | false {
  return offered.has(WS_SUBPROTOCOL_V2) ? WS_SUBPROTOCOL_V2 : false;
}

/** `error` listener of an upgrading socket. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** Answers a refused upgrade with an HTTP response and closes the socket. */
function refuse(
  socket: Duplex,
  statusCode: number,
  body: ErrorBody,
  retryAfterSeconds?: number,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...(retryAfterSeconds === undefined ? [] : [`Retry-After: ${retryAfterSeconds}`]),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
}

/**
 * `?lastEventId=<seq>` (as on the SSE stream): the seq of the document the client already
 * holds, so the server can send the updates after it that it still has (issue #17). Digits only.
 */
function resumeSeq(search: string): number | undefined {
  const value = new URLSearchParams(search).get('lastEventId');
  return value !== null && /^\d{1,16}$/.test(value) ? Number(value) : undefined;
}
