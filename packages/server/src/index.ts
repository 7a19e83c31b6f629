export { buildApp, type AppDeps } from './app';
export { loadConfig, testConfig, ConfigError, type Config } from './config';
export {
  openDatabase,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from './db/connection';
export { migrate } from './db/migrate';
export {
  createIngestStore,
  type IngestStore,
  type IdempotencyClaim,
  type IdempotentAnswer,
} from './store/ingest-store';
export type * from './store/ingest-types';
export {
  createStatusEngine,
  type StatusEngine,
  type StatusEngineOptions,
} from './status/compute-status';
