import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  parseServerMessage,
  PATHS,
  STATUS_UPDATE_TYPE,
  type StatusDocument,
} from '@naija-monitor/protocol';
import { createMonitorClient, type MonitorClient } from '@naija-monitor/client';
import { startLiveServer, type LiveServer } from './support/live-server';

// The real client speaking v2 to the real monitor server (PGlite in memory, 200 ms interval):
// every document it shows equals the full document a v1 connection got for the same seq.

describe('client protocol v2 against the real server', () => {
  let server: LiveServer;
  let port = 0;
  beforeAll(async () => {
    server = await startLiveServer({ config: { broadcastIntervalMs: 200 } });
    port = server.port;
  });
  afterAll(async () => server?.close());

  it.each(['websocket', 'sse'] as const)(
    'over %s, the reconstructed document always equals the server’s',
    async (transport) => {
      const v1Documents = new Map<number, StatusDocument>();
      const v1 = new WebSocket(`ws://127.0.0.1:${port}${PATHS.websocket[0]}`);
      v1.on('message', (data) => {
        const parsed = parseServerMessage(data.toString());
        if (parsed.ok && parsed.value.type === STATUS_UPDATE_TYPE)
          v1Documents.set(parsed.value.seq, parsed.value.data);
      });
      const seen = new Map<number, StatusDocument>();
      const client: MonitorClient = createMonitorClient({
        baseUrl: `http://127.0.0.1:${port}`,
        WebSocket,
        transports: [transport],
        intervalMs: 200,
        document: null,
        window: null,
      });
      client.on('status', (status, info) => {
        if (info.seq !== null) seen.set(info.seq, status);
      });
      client.start();
      try {
        await vi.waitFor(
          () => {
            const common = [...seen.keys()].filter((seq) => v1Documents.has(seq));
            expect(common.length).toBeGreaterThanOrEqual(5);
            // It really is on v2 (the server's own record of the connection).
            expect(server.live.hub.registry.snapshot().some((c) => c.protocol === 2)).toBe(true);
          },
          { timeout: 15_000, interval: 50 },
        );
        for (const [seq, document] of seen)
          if (v1Documents.has(seq)) expect(document).toEqual(v1Documents.get(seq));
        expect(client.getSnapshot().transport).toBe(transport);
      } finally {
        client.close();
        v1.close();
      }
    },
  );
});
