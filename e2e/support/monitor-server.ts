import type { AddressInfo } from 'node:net';
import {
  buildApp,
  migrate,
  openDatabase,
  testConfig,
  type Config,
  type Database,
} from '@naija-monitor/server';

/** The ingest token of every {@link startMonitorServer} (ingest needs one, loopback included). */
export const E2E_INGEST_TOKEN = 'e2e-ingest-token-000000001';

/** A real monitor server on an ephemeral port with its own in-memory database. */
export interface MonitorServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly database: Database;
  close(): Promise<void>;
}

/**
 * Starts the real server (`buildApp`, the same as `npm start`) on port 0 with an in-memory
 * PGlite database and a short broadcast interval, so tests wait seconds, not minutes.
 */
export async function startMonitorServer(overrides: Partial<Config> = {}): Promise<MonitorServer> {
  const database = await openDatabase({ dataDir: 'memory' });
  await migrate(database);
  const config = testConfig({
    broadcastIntervalMs: 1000,
    ingestTokens: [E2E_INGEST_TOKEN],
    ...overrides,
  });
  const app = await buildApp({ config, database });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
