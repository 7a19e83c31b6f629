import { pino } from 'pino';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';
import { loadDotEnv } from './command-line';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
const log = pino({ name: 'migrate' });
// `.env` in the working directory, like the server; variables already set win.
loadDotEnv();
const config = loadConfig();
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
