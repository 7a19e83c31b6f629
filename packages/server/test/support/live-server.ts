import type { AddressInfo } from 'node:net';
import { PATHS } from '@naija-monitor/protocol';
import { buildApp } from '../../src/app';
import type { Bus } from '../../src/bus/bus';
import { testConfig, type Config } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import type { MonitorServices, LiveTuning } from '../../src/compose';

/** Options of {@link startLiveServer}. */
export interface LiveServerOptions {
  config?: Partial<Config>;
  live?: Partial<LiveTuning>;
  /** A migrated database; default: a fresh in-memory PGlite, closed with the server. */
  database?: Database;
  bus?: Bus;
}

/** A real app listening on 127.0.0.1 at an ephemeral port, with the real status engine. */
export interface LiveServer extends AsyncDisposable {
  app: Awaited<ReturnType<typeof buildApp>>;
  live: MonitorServices;
  database: Database;
  config: Config;
  port: number;
  /** `http://127.0.0.1:<port><path>` */
  httpUrl(path: string): string;
  /** `ws://127.0.0.1:<port><path>`; default path: the first contract WebSocket path. */
  wsUrl(path?: string, query?: Record<string, string>): string;
  /** Status computations so far. */
  computations(): number;
  close(): Promise<void>;
}

/** Builds the whole app (as `main.ts` does, minus env and signals) and listens on port 0. */
export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const ownDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase({ dataDir: 'memory' }));
  if (ownDatabase) await migrate(database);
  const config = testConfig({ broadcastIntervalMs: 200, ...options.config });
  const app = await buildApp({ config, database, live: options.live, bus: options.bus });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    if (ownDatabase) await database.close();
  };
  return {
    app,
    live: app.live,
    database,
    config,
    port,
    httpUrl: (path) => `http://127.0.0.1:${port}${path}`,
    wsUrl: (path = PATHS.websocket[0], query) =>
      `ws://127.0.0.1:${port}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`,
    computations: () => app.live.metrics.snapshot().computations,
    close,
    [Symbol.asyncDispose]: close,
  };
}
