import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PATHS } from '@naija-monitor/protocol';

/** What the gate lets through. */
export interface GateRules {
  /** Refuse WebSocket upgrades (502), as a proxy without WebSocket support does. */
  websocket: boolean;
  /** Refuse the SSE stream (502), as a buffering proxy effectively does. */
  sse: boolean;
}

/** Options of {@link startTransportGate}. */
export interface TransportGateOptions {
  /** Settings appended to the server's `/config.js` (as an operator would), e.g. faster probes. */
  dashboardConfig?: Record<string, unknown>;
}

/** A transparent HTTP and WebSocket proxy in front of the server whose refusals tests toggle. */
export interface TransportGate {
  /** The gate's own origin; the browser only ever talks to it. */
  readonly url: string;
  /** Starts refusing the named transports and cuts their open connections. */
  block(rules: Partial<GateRules>): void;
  /** Lets everything through again. */
  unblock(): void;
  /** Holds every API request and WebSocket upgrade (a very slow network) until {@link release}. */
  hold(): void;
  /** Forwards what was held, and everything after. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Starts a gate in front of `upstream`. Headers pass unchanged (Host and Origin stay the gate's,
 * so the server's same-origin checks see one consistent origin), streaming responses are piped
 * as they come, and WebSocket upgrades are spliced at the TCP level. Blocking cuts what is open
 * and refuses what comes next, which is what a browser sees behind a proxy that drops WebSocket.
 */
export async function startTransportGate(
  upstream: string,
  options: TransportGateOptions = {},
): Promise<TransportGate> {
  const target = new URL(upstream);
  const blocked: GateRules = { websocket: false, sse: false };
  const liveSockets = new Set<Duplex>();
  const sseResponses = new Set<ServerResponse>();
  const isApi = (url: string) => url.startsWith('/api/') || url.startsWith('/ws/');
  let held: Array<() => void> | null = null;
  const hold = (url: string) =>
    held !== null && isApi(url)
      ? new Promise<void>((resolve) => held!.push(resolve))
      : Promise.resolve();

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    onBody?: (body: string) => string,
  ) => {
    const upstreamRequest = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamResponse) => {
        if (onBody) {
          const chunks: Buffer[] = [];
          upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstreamResponse.on('end', () => {
            const body = onBody(Buffer.concat(chunks).toString('utf8'));
            const headers = {
              ...upstreamResponse.headers,
              'content-length': String(Buffer.byteLength(body)),
            };
            delete headers['etag'];
            res.writeHead(upstreamResponse.statusCode ?? 502, headers).end(body);
          });
          return;
        }
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        res.flushHeaders();
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on('close', () => upstreamRequest.destroy());
    req.pipe(upstreamRequest);
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    void hold(url).then(() => {
      if (url.startsWith(PATHS.sse)) {
        if (blocked.sse) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('SSE blocked by the test gate');
          return;
        }
        sseResponses.add(res);
        res.on('close', () => sseResponses.delete(res));
      }
      if (url === '/config.js' && options.dashboardConfig) {
        const extra = JSON.stringify(options.dashboardConfig);
        forward(
          req,
          res,
          (body) =>
            `${body}\nwindow.__MONITOR_CONFIG__ = Object.assign({}, window.__MONITOR_CONFIG__, ${extra});\n`,
        );
        return;
      }
      forward(req, res);
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void hold(req.url ?? '/').then(() => {
      if (blocked.websocket) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const upstreamSocket: Socket = connect(Number(target.port), target.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstreamSocket.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstreamSocket.write(head);
        upstreamSocket.pipe(socket).pipe(upstreamSocket);
      });
      liveSockets.add(socket);
      const drop = () => {
        liveSockets.delete(socket);
        socket.destroy();
        upstreamSocket.destroy();
      };
      socket.on('close', drop).on('error', drop);
      upstreamSocket.on('close', drop).on('error', drop);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const gate: TransportGate = {
    url: `http://127.0.0.1:${port}`,
    block(rules) {
      Object.assign(blocked, rules);
      if (blocked.websocket) for (const socket of liveSockets) socket.destroy();
      if (blocked.sse) for (const res of sseResponses) res.destroy();
    },
    unblock() {
      blocked.websocket = false;
      blocked.sse = false;
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const resume of waiting) resume();
    },
    async close() {
      gate.release();
      for (const socket of liveSockets) socket.destroy();
      for (const res of sseResponses) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gate;
}
