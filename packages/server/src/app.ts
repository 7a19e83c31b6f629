import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { StatusDocument } from '@naija-monitor/protocol';
import type { Config } from './config';
import type { Database } from './db/connection';
import { installErrorHandler } from './http/error-handler';
import { loggerOptions } from './http/log-redaction';
import { registerSecurity } from './access/security';
import { registerDashboardRoutes } from './http/dashboard-routes';
import { healthRoutes } from './http/health-routes';
import { ingestRoutes } from './http/ingest-routes';
import { alertRoutes } from './http/alert-routes';
import { consoleRoutes } from './http/console-routes';
import type { Bus } from './bus/bus';
import { fastifyTrustProxy, proxyTrustOf } from './access/client-address';
import type { ClusterRole } from './cluster/cluster-member';
import { composeServices, type LiveTuning } from './compose';
import { registerSseRoute } from './live/sse-route';
import { registerStatusRoutes } from './http/status-routes';
import { registerHistoryRoutes, replayAt } from './http/history-routes';
import { registerMetricsRoutes } from './http/metrics-routes';
import { installOperatorMetrics } from './metrics/operator-metrics';
import { quietRoutineRequestLogs } from './http/request-log-levels';
import { serverVersion } from './cli/command-line';

/** What {@link buildApp} needs; tests build apps with their own. */
export interface AppDeps {
  config: Config;
  database: Database;
  /** Where status is shared between processes. @default an in-process bus */
  bus?: Bus;
  /** This process's role when several processes share `bus` (see `createCluster`). */
  cluster?: ClusterRole;
  /** Hub, heartbeat and connection knobs that are not environment settings (tests shorten them). */
  live?: Partial<LiveTuning>;
  /** `MAX_CONNECTIONS` as configured, when main.ts lowered it to fit `ulimit -n` (for /metrics). */
  configuredMaxConnections?: number;
}

/**
 * Builds the server: HTTP routes, live transports, status engine. Never reads `process.env`
 * and never listens; `main.ts` does both. Close it with `app.close()`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    // Request lines are logged with secret query parameters (?token=) redacted.
    logger: loggerOptions(config.logLevel, config.nodeId),
    // Only the TRUST_PROXY peers' X-Forwarded-For is read: request.ip is the first untrusted
    // hop, the same address the WebSocket upgrade computes (live/client-address.ts).
    trustProxy: fastifyTrustProxy(proxyTrustOf(config)),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    forceCloseConnections: true,
    // Bounds what a slow or hostile client may hold: the whole request (not an SSE response)
    // within 30 s, headers within Node's 16 KB.
    requestTimeout: 30_000,
    http: { maxHeaderSize: 16 * 1024 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  // Before any route: routine request lines at debug, and every route timed for /metrics.
  quietRoutineRequestLogs(app, config);
  const operatorMetrics = installOperatorMetrics(app);
  await registerSecurity(app, config);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Naija Pipeline Monitor',
        description:
          'Live health of a Nigerian conflict tracker pipeline: status, health, ingest, metrics.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // Every route registers below, in this order.
  // --- health routes ---
  await app.register(healthRoutes, { database: deps.database, nodeId: config.nodeId });
  // --- ingest routes ---
  await app.register(ingestRoutes, {
    database: deps.database,
    ingestTokens: config.ingestTokens,
    maxFutureMs: config.ingestMaxFutureMs,
  });
  // --- alert routes ---
  await app.register(alertRoutes, {
    database: deps.database,
    authTokens: config.authTokens,
    adminTokens: config.adminTokens,
    maxActiveSilences: config.maxActiveSilences,
    maxSilenceDurationMs: config.maxSilenceDurationMs,
  });
  // The status path's long-lived objects (engine, scheduler, hub, history, metrics) and the
  // WebSocket listener; every HTTP route over them registers here.
  const services = await composeServices(app, {
    config,
    database: deps.database,
    bus: deps.bus,
    cluster: deps.cluster,
    tuning: deps.live,
  });
  registerSseRoute(app, {
    hub: services.hub,
    limits: services.limits,
    metrics: services.metrics,
    authTokens: config.authTokens,
    log: app.log.child({ component: 'live' }),
    clientInit: services.clientInit,
    greet: services.greet,
  });
  registerStatusRoutes(app, {
    authTokens: config.authTokens,
    currentUpdate: services.currentUpdate,
    replay: (at) => replayAt(services.historyStore, at),
  });
  registerHistoryRoutes(app, { store: services.historyStore, authTokens: config.authTokens });
  registerMetricsRoutes(app, {
    registry: services.metrics.registry,
    summary: services.summary,
    authTokens: config.authTokens,
  });
  // --- operator console reads (issue #16; they read the newest document) ---
  await app.register(consoleRoutes, {
    database: deps.database,
    authTokens: config.authTokens,
    currentDocument: async () => (await services.currentUpdate()).status.document,
    documentAt: async (at) =>
      ((await replayAt(services.historyStore, at))?.document ?? null) as StatusDocument | null,
    replayRetentionMs: config.statusHistoryDays * 86_400_000,
  });
  // --- dashboard (static) ---
  await registerDashboardRoutes(app, config);
  // --- operator metrics (build info, HTTP durations, pipeline gauges) on the live registry ---
  operatorMetrics.attach({
    registry: services.metrics.registry,
    latestDocument: () => services.scheduler.latest?.document,
    version: serverVersion(),
    maxConnections: config.maxConnections,
    configuredMaxConnections: deps.configuredMaxConnections,
  });

  return app;
}
