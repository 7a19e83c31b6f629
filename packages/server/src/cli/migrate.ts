import { pino } from 'pino';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { lockDataDir } from '../db/data-dir-lock';
import { DataDirLockedError } from '../errors';
import { migrate } from '../db/migrate';
import { loadDotEnv } from './command-line';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
const log = pino({ name: 'migrate' });
// `.env` in the working directory, like the server; variables already set win.
loadDotEnv();
const config = loadConfig();
// The embedded database must not be open in a running server meanwhile (see data-dir-lock.ts).
if (!config.databaseUrl && config.dataDir !== 'memory') {
  try {
    lockDataDir(config.dataDir, 'migrate');
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    log.fatal(`Cannot migrate: ${error.message}`);
    process.exit(1);
  }
  // Without handlers a signal ends the process without the 'exit' event that releases the lock.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrate(database);
  log.info(
    { applied, database: database.kind },
    applied.length ? 'migrations applied' : 'schema up to date',
  );
} finally {
  await database.close();
}
