import { Type, type Static } from '@sinclair/typebox';
import type { LiveFigures } from './live-metrics';

const Ms = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));

/** `GET /api/v1/monitoring/metrics`: the monitor's own health, for the dashboard. */
export const MetricsSummarySchema = Type.Object({
  node_id: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  uptime_seconds: Type.Number({ minimum: 0 }),
  connections: Type.Object({
    websocket: Type.Integer({ minimum: 0 }),
    sse: Type.Integer({ minimum: 0 }),
    total: Type.Integer({ minimum: 0 }),
    max: Type.Integer({ minimum: 0 }),
  }),
  connections_opened_total: Type.Integer({ minimum: 0 }),
  new_connections_per_minute: Type.Number({ minimum: 0 }),
  connection_errors_per_minute: Type.Number({
    minimum: 0,
    description: 'Refusals and closes for timeout, slowness, bad messages or errors, last 60 s',
  }),
  average_connection_seconds: Ms,
  messages_sent_total: Type.Integer({ minimum: 0 }),
  messages_per_second: Type.Number({ minimum: 0, description: 'Average over the last 60 s' }),
  bytes_sent_total: Type.Integer({ minimum: 0 }),
  broadcast_ms: Ms,
  serialization_ms: Ms,
  status_compute_ms: Ms,
  status_computations_total: Type.Integer({ minimum: 0 }),
  status_compute_errors_total: Type.Integer({ minimum: 0 }),
  slow_client_skips_total: Type.Integer({ minimum: 0 }),
  event_loop_lag_ms: Ms,
  event_loop_lag_max_ms: Ms,
  seq: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  last_update_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  refused_by_reason: Counts,
  closed_by_reason: Counts,
});
/** The JSON metrics summary. */
export type MetricsSummary = Static<typeof MetricsSummarySchema>;

/** Inputs of {@link buildMetricsSummary} besides the running figures. */
export interface SummaryContext {
  nodeId: string;
  now: Date;
  uptimeSeconds: number;
  connections: MetricsSummary['connections'];
  seq: number | null;
  lastUpdateAt: number | null;
}

const round = (value: number | null, digits = 2): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Shapes the running figures into the summary (a pure function of its inputs). */
export function buildMetricsSummary(figures: LiveFigures, context: SummaryContext): MetricsSummary {
  return {
    node_id: context.nodeId,
    timestamp: context.now.toISOString(),
    uptime_seconds: round(context.uptimeSeconds, 1)!,
    connections: context.connections,
    connections_opened_total: figures.connectionsOpened,
    new_connections_per_minute: figures.connectionsPerMinute,
    connection_errors_per_minute: figures.connectionErrorsPerMinute,
    average_connection_seconds: round(figures.averageConnectionSeconds, 1),
    messages_sent_total: figures.messagesSent,
    messages_per_second: round(figures.messagesPerSecond)!,
    bytes_sent_total: figures.bytesSent,
    broadcast_ms: round(figures.lastBroadcastMs),
    serialization_ms: round(figures.lastSerializeMs, 3),
    status_compute_ms: round(figures.lastComputeMs),
    status_computations_total: figures.computations,
    status_compute_errors_total: figures.computeFailures,
    slow_client_skips_total: figures.slowClientSkips,
    event_loop_lag_ms: round(figures.eventLoopLagMs),
    event_loop_lag_max_ms: round(figures.eventLoopLagMaxMs),
    seq: context.seq,
    last_update_at:
      context.lastUpdateAt === null ? null : new Date(context.lastUpdateAt).toISOString(),
    refused_by_reason: figures.refusedByReason,
    closed_by_reason: figures.closedByReason,
  };
}
