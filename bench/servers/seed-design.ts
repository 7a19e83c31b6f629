import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { STATUS_UPDATE_TYPE, type StatusDocument } from '@naija-monitor/protocol';
import { migrate, openDatabase, type Database } from '@naija-monitor/server';
import { seedPipeline } from '../db/seed-pipeline';
import {
  helloHandler,
  LISTEN_BACKLOG,
  type BenchServer,
  type ServerOptions,
  type UpdateStamp,
} from './bench-server';

/** What the seed's status query returns. */
interface StatusRow {
  total_sources: number;
  articles_collected: number;
  events_extracted: number;
  geocoding_success_rate: number;
  validation_pass_rate: number;
}

// The seed's `get_pipeline_status_data()`: counts and rates over the last 24 hours.
const STATUS_QUERY = `
  SELECT (SELECT count(*)::int FROM sources WHERE enabled) AS total_sources,
         (SELECT count(*)::int FROM articles WHERE fetched_at > now() - interval '24 hours') AS articles_collected,
         count(*)::int AS events_extracted,
         coalesce(100.0 * avg(geocoded::int), 0)::float8 AS geocoding_success_rate,
         coalesce(100.0 * avg((validation_status = 'passed')::int), 0)::float8 AS validation_pass_rate
  FROM conflict_events WHERE created_at > now() - interval '24 hours'`;

/**
 * The seed's design, re-created in Node: each connection runs its own loop that queries the
 * status from the database and sends it with `JSON.stringify` + `send`. Broadcast mode `full`
 * is one iteration of every connection's loop (query, stringify, send); mode `send` skips the
 * query (stringify and send per client only), to separate the two costs.
 */
export async function startSeedDesign(options: ServerOptions): Promise<BenchServer> {
  const document = JSON.parse(options.documentJson) as StatusDocument;
  const database: Database = await openDatabase({ dataDir: 'memory' });
  await migrate(database);
  await seedPipeline(database, { events: Number(options.settings.events ?? 10_000) });
  let seq = 0;

  const queryStatus = async (): Promise<StatusDocument> => {
    const [row] = await database.withSession((session) => session.query<StatusRow>(STATUS_QUERY));
    if (!row) return document;
    return {
      ...document,
      scraping_health: {
        ...document.scraping_health,
        total_sources: row.total_sources,
        articles_collected: row.articles_collected,
        events_extracted: row.events_extracted,
      },
      data_quality: {
        ...document.data_quality,
        geocoding_success_rate: row.geocoding_success_rate,
        validation_pass_rate: row.validation_pass_rate,
      },
    };
  };
  const send = (socket: WebSocket, data: StatusDocument, update: UpdateStamp) =>
    socket.send(
      JSON.stringify({
        type: STATUS_UPDATE_TYPE,
        timestamp: update.timestamp,
        seq: update.seq,
        data,
      }),
    );
  const loopIteration = async (socket: WebSocket, updateSeq: number) => {
    const data = await queryStatus();
    send(socket, data, { seq: updateSeq, timestamp: new Date().toISOString() });
  };

  const server = createServer(helloHandler);
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('error', () => socket.terminate());
    void loopIteration(socket, seq);
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve),
  );

  return {
    port: (server.address() as AddressInfo).port,
    httpServer: server,
    connections: () => wss.clients.size,
    async broadcast(update: UpdateStamp, mode = 'full') {
      seq = update.seq;
      if (mode === 'send') {
        for (const socket of wss.clients) send(socket, document, update);
        return;
      }
      await Promise.all([...wss.clients].map((socket) => loopIteration(socket, update.seq)));
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
