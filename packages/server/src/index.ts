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
} from './status/status-engine';
export type { Bus, StatusMessage, StatusHandler } from './bus/bus';
export { LocalBus } from './bus/local-bus';
export type { MonitorServices, LiveTuning } from './compose';
export type { MetricsSummary } from './metrics/metrics-summary';
export { ensureIngestToken, INGEST_TOKEN_FILE } from './ingest-token-file';
export { runRetention, type RetentionReport } from './store/retention';
export {
  MIN_RETENTION_DAYS,
  MIN_HISTORY_RETENTION_DAYS,
  type RetentionSettings,
} from './store/retention-policy';
export { createStatusIntelligence } from './status/alerts';
export { StatusHistory, type StatusHistoryOptions } from './history/status-history';
export { StatusHistoryStore } from './store/status-history-store';
export { prepareUpdate, type PreparedUpdate } from './live/prepared-update';
