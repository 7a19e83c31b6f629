import { pino } from 'pino';
import { buildApp } from './app';
import { createCluster, NO_SHARED_DATABASE } from './cluster/create-cluster';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { lockDataDir } from './db/data-dir-lock';
import { DataDirLockedError, PortUnavailableError } from './errors';
import { probePort } from './http/port-probe';
import { migrate } from './db/migrate';
import { exposureWarnings } from './http/exposure-warnings';
import { ensureIngestToken } from './ingest-token-file';
import { installProcessGuards } from './process-guards';
import { startRetention } from './store/retention';
import { loadDotEnv, parseServerArguments } from './cli/command-line';
import { fitConnectionsToFileLimit } from './cli/file-limit';

/** CLI entry: read config, open and migrate the database, listen, stop cleanly on signals. */
async function main(): Promise<void> {
  const command = parseServerArguments(process.argv.slice(2));
  if (!command.run) {
    (command.exitCode === 0 ? process.stdout : process.stderr).write(`${command.output}\n`);
    process.exit(command.exitCode);
  }
  // `.env` in the working directory, if any; variables already set win.
  const dotEnvLoaded = loadDotEnv();
  const bootLog = pino({ name: 'naija-monitor' });
  if (dotEnvLoaded) bootLog.info('settings read from .env (the environment wins)');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLog.fatal(`Invalid configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // Both checks come before the database is opened: a second process must never open (and
  // migrate) an embedded database another one is using, nor start only to fail at `listen`.
  try {
    await probePort(config.port, config.host);
    if (!config.databaseUrl && config.dataDir !== 'memory') lockDataDir(config.dataDir, 'server');
  } catch (error) {
    if (error instanceof PortUnavailableError || error instanceof DataDirLockedError) {
      bootLog.fatal(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // No write path is open without a token: without INGEST_TOKENS, one is generated and kept
  // (0600) under the data directory; only its path is logged, never the token.
  if (config.ingestTokens.length === 0) {
    let generated;
    try {
      generated = ensureIngestToken(config.dataDir);
    } catch (error) {
      bootLog.fatal(
        `INGEST_TOKENS is not set and no token could be kept under DATA_DIR (${config.dataDir}): ${(error as Error).message}. Set INGEST_TOKENS, or DATA_DIR to a writable directory.`,
      );
      process.exit(2);
    }
    config.ingestTokens = [generated.token];
    bootLog.info(
      { path: generated.path, created: generated.created },
      `INGEST_TOKENS is not set: pipelines authenticate with the token in ${generated.path}`,
    );
  }
  for (const warning of exposureWarnings(config)) bootLog.warn(warning);
  // One file descriptor per live connection: fit MAX_CONNECTIONS under `ulimit -n`.
  const configuredMaxConnections = config.maxConnections;
  const fit = fitConnectionsToFileLimit(configuredMaxConnections);
  if (fit.warning) {
    bootLog.warn(fit.warning);
    config = { ...config, maxConnections: fit.maxConnections };
  }
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  const applied = await migrate(database);
  if (applied.length > 0) bootLog.info({ applied }, 'migrations applied');

  // Several processes share one status through Redis; one of them (the leader) computes it.
  const cluster = createCluster(
    config,
    bootLog.child({ node: config.nodeId, component: 'election' }, { level: config.logLevel }),
  );
  if (config.redisUrl && !cluster) bootLog.warn(NO_SHARED_DATABASE);
  if (cluster && !(await cluster.bus.ready(3000))) {
    bootLog.warn(
      'Redis is not reachable yet: starting degraded (status computed locally), retrying',
    );
  }
  const app = await buildApp({
    config,
    database,
    bus: cluster?.bus,
    cluster: cluster?.member,
    configuredMaxConnections,
  });
  // Old rows are deleted on the node that computes the status (one node in a cluster).
  const retention = startRetention({
    database,
    settings: config.retention,
    shouldRun: () => cluster?.member.shouldCompute() ?? true,
    log: app.log,
  });
  app.addHook('onClose', async () => retention.stop());
  installProcessGuards(app);
  // Node's default accept queue (511) overflows when thousands of clients reconnect at once
  // (a restart, a rotation wave): their SYNs are dropped and retried only after 1 s, 3 s, 7 s.
  // The kernel caps it at net.core.somaxconn.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    forced.unref();
    // The database closes after the app: onClose hooks (the live transport's final history
    // write among them) may still use it, and their order across plugins is Fastify's.
    app
      .close()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  pino({ name: 'naija-monitor' }).fatal({ err: error }, 'failed to start');
  process.exit(1);
});
