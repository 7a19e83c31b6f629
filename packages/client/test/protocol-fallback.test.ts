import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';
import { createMonitorClient, type MonitorClient } from '@naija-monitor/client';
import { makeStatusDocument } from './support/status-document';

// A server from before protocol v2: it selects no subprotocol and sends v1 envelopes. Browsers
// accept such a handshake; `ws` on Node refuses it once, after which the client offers none.

let server: WebSocketServer | null = null;
let client: MonitorClient | null = null;
afterEach(async () => {
  client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

describe('client protocol v2 against a v1-only server', () => {
  it('falls back to v1 and reads its full documents', async () => {
    const offered: string[][] = [];
    server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      handleProtocols: () => false,
      verifyClient: (info: { req: { headers: Record<string, string | string[] | undefined> } }) => {
        const header = info.req.headers['sec-websocket-protocol'];
        offered.push(typeof header === 'string' ? header.split(/, */) : []);
        return true;
      },
    });
    await new Promise((resolve) => server!.once('listening', resolve));
    server.on('connection', (socket) =>
      socket.send(
        JSON.stringify({
          type: STATUS_UPDATE_TYPE,
          timestamp: new Date().toISOString(),
          seq: 7,
          data: makeStatusDocument({ articles: 42 }),
        }),
      ),
    );
    const { port } = server.address() as { port: number };
    client = createMonitorClient({
      baseUrl: `http://127.0.0.1:${port}`,
      WebSocket,
      transports: ['websocket'],
      reconnectBaseDelayMs: 20,
      reconnectMaxDelayMs: 50,
      document: null,
      window: null,
    });
    client.start();
    await vi.waitFor(
      () => expect(client!.getSnapshot()).toMatchObject({ seq: 7, transport: 'websocket' }),
      { timeout: 10_000, interval: 20 },
    );
    expect(client.getSnapshot().status?.scraping_health.articles_collected).toBe(42);
    expect(offered[0]).toEqual(['naija-monitor.v2']);
    expect(offered.at(-1)).toEqual([]);
  });
});
