import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { MonitorHealth } from '@naija-monitor/protocol';
import type { Bus } from './bus/bus';
import { LocalBus } from './bus/local-bus';
import { withBusState, type ClusterRole } from './cluster/cluster-member';
import type { Config } from './config';
import type { Database } from './db/connection';
import { StatusHistory } from './history/status-history';
import { StatusHistoryStore } from './store/status-history-store';
import { LiveMetrics } from './metrics/live-metrics';
import { buildMetricsSummary, type MetricsSummary } from './metrics/metrics-summary';
import { createStatusEngine } from './status/status-engine';
import { coarseMs } from './status/build-status-document';
import { createStatusIntelligence } from './status/alerts';
import { WebhookNotifier } from './notify/webhook-notifier';
import { StatusScheduler, type ComputedStatus } from './publish/status-scheduler';
import { proxyTrustOf } from './access/client-address';
import { ConnectionLimits } from './live/connection-limits';
import { sweepIntervalMs } from './live/heartbeat';
import { Hub } from './live/hub';
import type { LiveClient, LiveClientInit } from './live/live-client';
import { prepareUpdate, type PreparedUpdate } from './live/prepared-update';
import { DEFAULT_SLOW_CLIENT_POLICY, type SlowClientPolicy } from './live/slow-client-policy';
import { MESSAGE_RATE, WsClient, type MessageRate, type WsClientEvents } from './live/ws-client';
import { createUpgradeHandler } from './live/ws-upgrade';

/** Knobs that are not environment settings; tests shorten them. */
export interface LiveTuning {
  /** @default {@link DEFAULT_SLOW_CLIENT_POLICY} */
  slowClient: SlowClientPolicy;
  /** Clients written per event-loop turn. @default 1000 */
  sliceSize: number;
  /** Change notifications closer together than this cause one recomputation. @default 50 */
  debounceMs: number;
  /** Longest wait at shutdown for clients to finish closing before they are dropped. @default 3000 */
  shutdownGraceMs: number;
  /** Share of `CONNECTION_MAX_AGE` taken off at random per connection (spreads rotations). @default 0.1 */
  maxAgeJitter: number;
  /** Messages a WebSocket client may send in a burst, and per second after it; faster closes with 1008. @default {@link MESSAGE_RATE} */
  messageRate: MessageRate;
}

/** What {@link composeServices} needs. */
export interface ServicesDeps {
  config: Config;
  database: Database;
  /** Where computed status is published for other processes. @default a new {@link LocalBus} */
  bus?: Bus;
  /** This process's role when several share one status (Redis). Unset: it computes alone. */
  cluster?: ClusterRole;
  tuning?: Partial<LiveTuning>;
}

/**
 * The long-lived objects of one app, for the routes `app.ts` registers and for tests and
 * benchmarks (as `app.live`).
 */
export interface MonitorServices {
  readonly hub: Hub;
  readonly scheduler: StatusScheduler;
  readonly metrics: LiveMetrics;
  readonly limits: ConnectionLimits;
  readonly bus: Bus;
  /** The published documents kept for replay (written on the node that computes). */
  readonly history: StatusHistory;
  /** Where {@link history} is stored; the history and replay routes read it. */
  readonly historyStore: StatusHistoryStore;
  /** A new SSE client's identity and rotation deadline. */
  clientInit: (ip: string) => LiveClientInit;
  /** Sends a new client its first update (see the SSE route). */
  greet: (client: LiveClient, lastSeq?: number) => void;
  /** This process's live figures (the `monitor` field of the status document). */
  monitorHealth: () => MonitorHealth;
  /** The newest update, computed first when none is fresh. */
  currentUpdate: () => Promise<PreparedUpdate>;
  /** The JSON metrics summary. */
  summary: () => MetricsSummary;
}

// The monitor's timings at the document's precision (coarseMs: they change less often, #17).
const coarseTiming = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : coarseMs(value);

/**
 * The composition root of the status path: builds the status engine and its alerts and
 * anomalies, the scheduler (one status per interval and per change), the hub, the history,
 * the metrics, the WebSocket `upgrade` listener on both contract paths, and the lifecycle
 * (`onReady`: start; `preClose`: refuse new connections with 503, close every client with 1012;
 * `onClose`: stop the scheduler). `app.ts` registers the HTTP routes over what it returns. Call
 * it once, before `listen`. The app is decorated with `live` ({@link MonitorServices}).
 */
export async function composeServices(
  app: FastifyInstance,
  deps: ServicesDeps,
): Promise<MonitorServices> {
  const { config, database } = deps;
  const tuning: LiveTuning = {
    slowClient: DEFAULT_SLOW_CLIENT_POLICY,
    sliceSize: 1000,
    debounceMs: 50,
    shutdownGraceMs: 3000,
    maxAgeJitter: 0.1,
    messageRate: MESSAGE_RATE,
    ...deps.tuning,
  };
  const log = app.log.child({ component: 'live' });
  const now = () => performance.now();
  const ownBus = deps.bus === undefined;
  const bus = deps.bus ?? new LocalBus({ log });

  // Read at scrape time only, after `hub` exists.
  const metrics: LiveMetrics = new LiveMetrics(
    { connections: (transport): number => hub.registry.countFor(transport) },
    { nodeId: config.nodeId },
  );
  const hub: Hub = new Hub({
    slowClient: tuning.slowClient,
    heartbeat: {
      pingIntervalMs: config.pingIntervalMs,
      timeoutMs: config.connectionTimeoutMs,
      sweepMs: sweepIntervalMs(config.pingIntervalMs, config.connectionTimeoutMs),
    },
    sliceSize: tuning.sliceSize,
    now,
    log,
    metrics,
    onFirstClient: () => scheduler.demandStarted(),
  });
  const notifier =
    config.alertWebhookUrls.length > 0
      ? new WebhookNotifier({ urls: config.alertWebhookUrls, log })
      : undefined;
  const intelligence = createStatusIntelligence({
    database,
    notifier,
    log,
    conflict: { maxStates: config.maxStates },
    getMonitorSample: () => {
      const figures = metrics.snapshot();
      const memory = process.memoryUsage();
      return {
        connectionErrorsPerMinute: figures.connectionErrorsPerMinute,
        broadcastFailuresLastCycle: figures.lastBroadcastFailures,
        statusQueryMs: figures.lastComputeMs,
        // Embedded PGlite keeps its whole database in this process's memory; the 500 MB alert
        // rule is about the monitor itself, so with PGlite it reads the JS heap instead of RSS.
        memoryRssBytes: database.kind === 'pglite' ? memory.heapUsed : memory.rss,
      };
    },
  });
  const engine = createStatusEngine({
    database,
    nodeId: config.nodeId,
    evaluateIntelligence: (input) => intelligence.evaluateAndRecord(input),
    // STATEMENT_TIMEOUT bounds the read; PostgreSQL cancels first (its error says so), the
    // engine's own deadline a second later covers PGlite and a connection that hangs.
    queryTimeoutMs: config.statementTimeoutMs + 1000,
    policy: { documentLimits: config.documentLimits },
    log,
  });
  const computeDocument = () => engine.compute();
  const cluster = deps.cluster;
  // In a cluster a document says whether it went through Redis or was computed alone (degraded).
  const compute = cluster
    ? async () => withBusState(await computeDocument(), cluster.busState())
    : computeDocument;
  const scheduler = new StatusScheduler({
    compute,
    intervalMs: config.broadcastIntervalMs,
    hasDemand: () => hub.registry.size > 0 || (cluster?.remoteDemand() ?? false),
    shouldCompute: cluster ? () => cluster.shouldCompute() : undefined,
    listenForChanges: (onChange) => database.listen('pipeline_change', onChange),
    debounceMs: tuning.debounceMs,
    onComputed: (durationMs, ok) => metrics.computed(durationMs, ok),
    log,
  });
  const limits = new ConnectionLimits(config, hub.registry, now);

  const monitorHealth = (status?: ComputedStatus): MonitorHealth => {
    const figures = metrics.snapshot();
    const websocket = hub.registry.countFor('websocket');
    const sse = hub.registry.countFor('sse');
    return {
      connections: { websocket, sse, total: websocket + sse, max: config.maxConnections },
      broadcast_ms: coarseTiming(figures.lastBroadcastMs),
      status_compute_ms: coarseTiming(status?.computeMs ?? figures.lastComputeMs),
      event_loop_lag_ms: coarseTiming(figures.eventLoopLagMs),
      messages_sent: figures.messagesSent,
      ...(cluster ? { nodes: cluster.nodes() } : {}),
    };
  };

  const fanOut = (status: ComputedStatus): PreparedUpdate => {
    const update = prepareUpdate(status, monitorHealth(status), new Date(), now);
    metrics.serialized(update.serializeMs);
    metrics.update(status.trigger);
    hub
      .broadcast(update)
      .catch((error: unknown) => log.error({ err: error, seq: status.seq }, 'broadcast failed'));
    return update;
  };
  const historyStore = new StatusHistoryStore(database.db);
  const history = new StatusHistory({
    store: historyStore,
    log,
    retentionDays: config.statusHistoryDays,
    registry: metrics.registry,
    ...(cluster ? { isWriter: () => cluster.shouldCompute() } : {}),
  });
  scheduler.onUpdate((status) => {
    const update = fanOut(status);
    if (status.trigger !== 'remote') {
      // Only the node that computed keeps it; the write happens after the fan-out, never blocks it.
      history.record({
        seq: status.seq,
        publishedAt: new Date(),
        documentJson: update.documentJson,
      });
      bus
        .publish({
          nodeId: config.nodeId,
          seq: status.seq,
          document: status.document,
          computedAt: status.computedAt,
        })
        .catch((error: unknown) => log.warn({ err: error }, 'publishing status on the bus failed'));
    }
  });
  const unsubscribe = bus.subscribe((message) => {
    if (message.nodeId !== config.nodeId) scheduler.adopt(message);
  });

  /** The newest prepared update once the scheduler has a fresh status. */
  const currentUpdate = async (): Promise<PreparedUpdate> => {
    const status = await scheduler.fresh();
    const latest = hub.latest;
    if (latest && latest.seq === status.seq) return latest;
    return prepareUpdate(status, monitorHealth(status), new Date(), now);
  };

  /** A new client's first update: the newest at once when fresh, else as soon as computed. */
  const greet = (client: LiveClient, lastSeq?: number): void => {
    const latest = hub.latest;
    if (latest && scheduler.isFresh()) {
      // Resuming with the newest seq already in hand: nothing to send until the next update.
      if (lastSeq === latest.seq) client.lastSeq = lastSeq;
      // A few updates behind (a tab taking over the shared connection, a quick reconnect): the
      // ones it missed, in order, while the hub still holds them (#17); else the newest.
      else for (const update of hub.updatesAfter(lastSeq) ?? [latest]) hub.deliver(client, update);
      return;
    }
    // The computation's broadcast reaches this client too; delivering again is a no-op then.
    currentUpdate().then(
      (update) => hub.deliver(client, update),
      (error: unknown) =>
        log.warn({ err: error, conn: client.id }, 'no status for a new client yet'),
    );
  };

  const clientInit = (ip: string): LiveClientInit => {
    const openedAt = now();
    const maxAgeMs = config.connectionMaxAgeMs * (1 - tuning.maxAgeJitter * Math.random());
    return { id: hub.nextId(), ip, openedAt, rotateAt: openedAt + maxAgeMs };
  };

  // One events object for every WebSocket client (each call says which client), so nothing is
  // allocated per connection beyond the client itself.
  const wsClientEvents: WsClientEvents = {
    onRefresh: (asking) => {
      const latest = hub.latest;
      if (latest) hub.deliver(asking, latest, true);
      if (!latest || !scheduler.isFresh()) {
        currentUpdate().then(
          (update) => hub.deliver(asking, update, latest === undefined),
          (error: unknown) => log.warn({ err: error, conn: asking.id }, 'refresh without a status'),
        );
      }
    },
    onClosed: (gone, cause, code) => hub.remove(gone, cause, code),
  };

  const upgrade = createUpgradeHandler({
    limits,
    maxMessageBytes: config.maxMessageBytes,
    trustProxy: proxyTrustOf(config),
    authTokens: config.authTokens,
    allowedHosts: config.allowedHosts,
    metrics,
    log,
    onConnection: (ws, ip, lastSeq) => {
      const client = new WsClient(
        ws,
        {
          ...clientInit(ip),
          maxBufferedBytes: tuning.slowClient.maxBufferedBytes,
          messageRate: tuning.messageRate,
          now,
        },
        wsClientEvents,
      );
      hub.add(client);
      greet(client, lastSeq);
    },
  });
  app.server.on('upgrade', upgrade);

  const startedAt = Date.now();
  const summary = (): MetricsSummary => {
    const websocket = hub.registry.countFor('websocket');
    const sse = hub.registry.countFor('sse');
    const latest = scheduler.latest;
    return buildMetricsSummary(metrics.snapshot(), {
      nodeId: config.nodeId,
      now: new Date(),
      uptimeSeconds: (Date.now() - startedAt) / 1000,
      connections: { websocket, sse, total: websocket + sse, max: config.maxConnections },
      seq: latest?.seq ?? null,
      lastUpdateAt: latest?.computedAt ?? null,
    });
  };
  app.addHook('onReady', async () => {
    hub.startHeartbeat();
    history.start();
    try {
      await scheduler.start();
    } catch (error) {
      // Without notifications the periodic updates still go out.
      log.error({ err: error }, 'listening for database changes failed; periodic updates only');
    }
    await cluster?.start({
      scheduler,
      connections: () => hub.registry.size,
      registry: metrics.registry,
      log,
    });
  });
  app.addHook('preClose', async () => {
    // Hand the leadership over first: the next leader publishes while this process drains.
    await cluster?.resign();
    limits.stopAccepting();
    const open = hub.registry.size;
    if (open > 0) log.info({ connections: open }, 'closing live clients for shutdown');
    await hub.closeAll('shutdown', tuning.shutdownGraceMs);
  });
  app.addHook('onClose', async () => {
    app.server.off('upgrade', upgrade);
    upgrade.close();
    unsubscribe();
    await scheduler.stop();
    await history.stop();
    await cluster?.stop();
    metrics.stop();
    await notifier?.close();
    if (ownBus) await bus.close();
  });

  const live: MonitorServices = {
    hub: hub,
    scheduler,
    metrics,
    limits,
    bus,
    history,
    historyStore,
    clientInit,
    greet,
    monitorHealth: () => monitorHealth(),
    currentUpdate,
    summary,
  };
  app.decorate('live', live);
  return live;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The long-lived objects (hub, scheduler, metrics); set by {@link composeServices}. */
    live: MonitorServices;
  }
}
