import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { EventLoopLag } from './event-loop-lag';
import { RateWindow } from './rate-window';

/** Live transports, as metric labels. */
export type TransportLabel = 'websocket' | 'sse';

/** Figures the metrics read at scrape time from the live side. */
export interface LiveGaugeSource {
  connections(transport: TransportLabel): number;
}

/** Closing causes that count as connection errors in the JSON summary. */
const ERROR_CLOSE_CAUSES = new Set(['timeout', 'slow', 'policy', 'flood', 'too_big', 'error']);

const DURATION_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * Every metric of the live side on one prom-client `Registry` per app (tests build many apps,
 * so never the global registry), plus the few running figures the dashboard's JSON summary and
 * the `monitor` field need without an async read of the registry.
 */
export class LiveMetrics {
  /** The app's registry; `GET /metrics` renders it. Other modules may register theirs here. */
  readonly registry = new Registry();
  readonly eventLoopLag: EventLoopLag;

  readonly #opened: Counter<'transport'>;
  readonly #closed: Counter<'transport' | 'reason'>;
  readonly #refused: Counter<'transport' | 'reason'>;
  readonly #messages: Counter<'transport'>;
  readonly #bytes: Counter<'transport'>;
  readonly #skips: Counter<'transport'>;
  readonly #updates: Counter<'trigger'>;
  readonly #broadcastSeconds: Histogram;
  readonly #serializationSeconds: Histogram;
  readonly #computeSeconds: Histogram;
  readonly #computeErrors: Counter;
  readonly #connectionSeconds: Histogram<'transport'>;

  readonly #opens = new RateWindow(() => performance.now());
  readonly #errors = new RateWindow(() => performance.now());
  readonly #sends = new RateWindow(() => performance.now());
  #messagesSent = 0;
  #bytesSent = 0;
  #slowSkips = 0;
  #openedTotal = 0;
  #closedCount = 0;
  #closedSecondsSum = 0;
  #lastBroadcastMs: number | null = null;
  #lastBroadcastFailures = 0;
  readonly #broadcastFailures: Counter;
  #lastSerializeMs: number | null = null;
  #lastComputeMs: number | null = null;
  #computeFailures = 0;
  #computations = 0;
  readonly #refusedByReason: Record<string, number> = {};
  readonly #closedByReason: Record<string, number> = {};

  /**
   * @param source live figures read at scrape time
   * @param options.defaultMetrics also collect prom-client's process metrics. @default true
   */
  constructor(
    source: LiveGaugeSource,
    options: { defaultMetrics?: boolean; nodeId?: string } = {},
  ) {
    const registers = [this.registry];
    if (options.nodeId) this.registry.setDefaultLabels({ node: options.nodeId });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.eventLoopLag = new EventLoopLag();
    const lag = this.eventLoopLag;

    new Gauge({
      name: 'monitor_live_connections',
      help: 'Open live connections',
      labelNames: ['transport'],
      registers,
      collect() {
        for (const transport of ['websocket', 'sse'] as const)
          this.set({ transport }, source.connections(transport));
      },
    });
    this.#opened = new Counter({
      name: 'monitor_live_connections_opened_total',
      help: 'Live connections accepted',
      labelNames: ['transport'],
      registers,
    });
    this.#closed = new Counter({
      name: 'monitor_live_connections_closed_total',
      help: 'Live connections closed, by cause (client, timeout, max_age, slow, policy, too_big, shutdown, error)',
      labelNames: ['transport', 'reason'],
      registers,
    });
    this.#refused = new Counter({
      name: 'monitor_live_connections_refused_total',
      help: 'Live connections refused, by reason (max_connections, per_ip, handshake_rate, accept_rate, origin, unauthorized, shutting_down, not_found)',
      labelNames: ['transport', 'reason'],
      registers,
    });
    this.#messages = new Counter({
      name: 'monitor_live_messages_sent_total',
      help: 'Messages written to live clients',
      labelNames: ['transport'],
      registers,
    });
    this.#bytes = new Counter({
      name: 'monitor_live_sent_bytes_total',
      help: 'Bytes written to live clients',
      labelNames: ['transport'],
      registers,
    });
    this.#skips = new Counter({
      name: 'monitor_live_slow_client_skips_total',
      help: 'Updates not sent to a client because its backlog was over the threshold',
      labelNames: ['transport'],
      registers,
    });
    this.#updates = new Counter({
      name: 'monitor_status_updates_total',
      help: 'Status updates published, by trigger',
      labelNames: ['trigger'],
      registers,
    });
    this.#broadcastSeconds = new Histogram({
      name: 'monitor_live_broadcast_duration_seconds',
      help: 'Time to fan one update out to every client (wall time, slices included)',
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.#broadcastFailures = new Counter({
      name: 'monitor_live_broadcast_failures_total',
      help: 'Sends that threw during a fan-out (the client is dropped, the others still get the update)',
      registers,
    });
    this.#serializationSeconds = new Histogram({
      name: 'monitor_live_serialization_duration_seconds',
      help: 'Time to serialize and frame one update for every transport',
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.#computeSeconds = new Histogram({
      name: 'monitor_status_compute_duration_seconds',
      help: 'Time to compute one status document from the database',
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.#computeErrors = new Counter({
      name: 'monitor_status_compute_errors_total',
      help: 'Status computations that failed',
      registers,
    });
    this.#connectionSeconds = new Histogram({
      name: 'monitor_live_connection_duration_seconds',
      help: 'How long live connections stayed open',
      labelNames: ['transport'],
      buckets: [1, 10, 60, 300, 900, 1800, 3600, 14_400],
      registers,
    });
    new Gauge({
      name: 'monitor_event_loop_lag_p99_seconds',
      help: '99th percentile of the event loop delay over the last 2 s',
      registers,
      collect() {
        this.set((lag.p99Ms ?? 0) / 1000);
      },
    });
  }

  /** A live connection was accepted. */
  opened(transport: TransportLabel): void {
    this.#opened.inc({ transport });
    this.#opens.add();
    this.#openedTotal += 1;
  }

  /** A live connection closed after `durationMs`, for `reason`. */
  closed(transport: TransportLabel, reason: string, durationMs: number): void {
    this.#closed.inc({ transport, reason });
    this.#connectionSeconds.observe({ transport }, durationMs / 1000);
    this.#closedByReason[reason] = (this.#closedByReason[reason] ?? 0) + 1;
    this.#closedCount += 1;
    this.#closedSecondsSum += durationMs / 1000;
    if (ERROR_CLOSE_CAUSES.has(reason)) this.#errors.add();
  }

  /** A connection was refused (at the handshake, or closed at once for its token). */
  refused(transport: TransportLabel, reason: string): void {
    this.#refused.inc({ transport, reason });
    this.#refusedByReason[reason] = (this.#refusedByReason[reason] ?? 0) + 1;
    this.#errors.add();
  }

  /** `messages` messages of `bytes` bytes in total were written to clients of `transport`. */
  sent(transport: TransportLabel, messages: number, bytes: number): void {
    if (messages === 0) return;
    this.#messages.inc({ transport }, messages);
    this.#bytes.inc({ transport }, bytes);
    this.#sends.add(messages);
    this.#messagesSent += messages;
    this.#bytesSent += bytes;
  }

  /** `count` clients of `transport` were skipped as slow. */
  skipped(transport: TransportLabel, count: number): void {
    if (count === 0) return;
    this.#skips.inc({ transport }, count);
    this.#slowSkips += count;
  }

  /** An update was published. */
  update(trigger: string): void {
    this.#updates.inc({ trigger });
  }

  /** A fan-out took `durationMs`; `failures` sends in it threw (those clients were dropped). */
  broadcast(durationMs: number, failures = 0): void {
    this.#broadcastSeconds.observe(durationMs / 1000);
    this.#lastBroadcastMs = durationMs;
    this.#lastBroadcastFailures = failures;
    if (failures > 0) this.#broadcastFailures.inc(failures);
  }

  /** Serializing and framing an update took `durationMs`. */
  serialized(durationMs: number): void {
    this.#serializationSeconds.observe(durationMs / 1000);
    this.#lastSerializeMs = durationMs;
  }

  /** A status computation took `durationMs`. */
  computed(durationMs: number, ok: boolean): void {
    this.#computeSeconds.observe(durationMs / 1000);
    this.#lastComputeMs = durationMs;
    this.#computations += 1;
    if (!ok) {
      this.#computeErrors.inc();
      this.#computeFailures += 1;
    }
  }

  /** Running figures for the `monitor` field and the JSON summary. */
  snapshot(): LiveFigures {
    return {
      messagesSent: this.#messagesSent,
      bytesSent: this.#bytesSent,
      slowClientSkips: this.#slowSkips,
      connectionsOpened: this.#openedTotal,
      connectionsPerMinute: this.#opens.perMinute(),
      connectionErrorsPerMinute: this.#errors.perMinute(),
      messagesPerSecond: this.#sends.perSecond(),
      averageConnectionSeconds:
        this.#closedCount === 0 ? null : this.#closedSecondsSum / this.#closedCount,
      lastBroadcastMs: this.#lastBroadcastMs,
      lastBroadcastFailures: this.#lastBroadcastFailures,
      lastSerializeMs: this.#lastSerializeMs,
      lastComputeMs: this.#lastComputeMs,
      computeFailures: this.#computeFailures,
      computations: this.#computations,
      eventLoopLagMs: this.eventLoopLag.p99Ms,
      eventLoopLagMaxMs: this.eventLoopLag.maxMs,
      refusedByReason: { ...this.#refusedByReason },
      closedByReason: { ...this.#closedByReason },
    };
  }

  /** Stops the event-loop sampler. */
  stop(): void {
    this.eventLoopLag.stop();
  }
}

/** Running figures kept beside the Prometheus metrics. */
export interface LiveFigures {
  messagesSent: number;
  bytesSent: number;
  slowClientSkips: number;
  connectionsOpened: number;
  connectionsPerMinute: number;
  connectionErrorsPerMinute: number;
  messagesPerSecond: number;
  /** Mean lifetime of the connections closed so far, in seconds. */
  averageConnectionSeconds: number | null;
  lastBroadcastMs: number | null;
  /** Sends that threw in the latest fan-out. */
  lastBroadcastFailures: number;
  lastSerializeMs: number | null;
  lastComputeMs: number | null;
  computeFailures: number;
  /** Status computations so far (one per interval and per change, whatever the clients). */
  computations: number;
  eventLoopLagMs: number | null;
  eventLoopLagMaxMs: number | null;
  refusedByReason: Record<string, number>;
  closedByReason: Record<string, number>;
}
