import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { isDateTime } from './formats';

// Value.Check fails every string whose `format` is not registered, so without this no document
// with a timestamp would ever pass Value.Check. RFC 3339 date-time, as toISOString() writes.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);

/**
 * The status document: the `data` of every live update and the body of
 * `GET /api/v1/monitoring/pipeline-status`. The fields existing clients use (PROTOCOL.md) are
 * frozen: fields may be added, never removed or renamed. Every number comes from the database.
 */

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(
  t: T,
) => Type.Union([t, Type.Null()]);

const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601 time in UTC' });
const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);
const Percent = Type.Number({ minimum: 0, maximum: 100, description: 'Percentage, 0 to 100' });

/** Overall health of the pipeline, rolled up from its parts. */
export const OverallStatusSchema = Type.Union([
  Type.Literal('healthy'),
  Type.Literal('degraded'),
  Type.Literal('unhealthy'),
  Type.Literal('unknown'),
]);
export type OverallStatus = Static<typeof OverallStatusSchema>;

/** Status values of a `data_quality_metrics` row (and of `data_quality.status`). */
export const QualityStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('healthy'),
  Type.Literal('warning'),
  Type.Literal('error'),
]);
export type QualityStatus = Static<typeof QualityStatusSchema>;

/** Severity of an anomaly (the original frontend reads these three). */
export const AnomalySeveritySchema = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
]);
export type AnomalySeverity = Static<typeof AnomalySeveritySchema>;

/** Severity of an alert: the anomaly scale plus `critical`, which makes the pipeline unhealthy. */
export const AlertSeveritySchema = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);
export type AlertSeverity = Static<typeof AlertSeveritySchema>;

/** Health of one news source over its latest runs. */
export const SourceHealthSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  state: Type.Union([
    Type.Literal('ok'),
    Type.Literal('empty'),
    Type.Literal('failing'),
    Type.Literal('running'),
    Type.Literal('never_run'),
    Type.Literal('disabled'),
  ]),
  last_run: NullableIsoTime,
  last_success: NullableIsoTime,
  last_error: Nullable(Type.String()),
  runs: Type.Integer({ minimum: 0, description: 'Source runs in the window' }),
  success_rate: Nullable(Percent),
  articles_collected: Type.Integer({ minimum: 0 }),
  events_extracted: Type.Integer({ minimum: 0 }),
  expected_interval_seconds: Type.Integer({ minimum: 1 }),
});
export type SourceHealth = Static<typeof SourceHealthSchema>;

export const ScrapingHealthSchema = Type.Object({
  sources_processed: Type.Integer({
    minimum: 0,
    description: 'Sources attempted in the latest run',
  }),
  total_sources: Type.Integer({ minimum: 0, description: 'Enabled sources' }),
  articles_collected: Type.Integer({ minimum: 0, description: 'Articles collected in the window' }),
  events_extracted: Type.Integer({ minimum: 0, description: 'Events extracted in the window' }),
  failed_sources: Type.Integer({ minimum: 0, description: 'Sources whose latest run failed' }),
  success_rate: Nullable(Percent),
  last_run: NullableIsoTime,
  last_error: Nullable(Type.String()),
  window_hours: Type.Number({ description: 'Window the counts cover' }),
  sources: Type.Array(SourceHealthSchema),
});
export type ScrapingHealth = Static<typeof ScrapingHealthSchema>;

export const QualityPointSchema = Type.Object({
  timestamp: IsoTime,
  geocoding_success_rate: Nullable(Percent),
  validation_pass_rate: Nullable(Percent),
});
export type QualityPoint = Static<typeof QualityPointSchema>;

export const DataQualitySchema = Type.Object({
  geocoding_success_rate: Nullable(Percent),
  validation_pass_rate: Nullable(Percent),
  status: QualityStatusSchema,
  basis: Type.Union([Type.Literal('metrics'), Type.Literal('events'), Type.Literal('none')], {
    description:
      'metrics: newest aggregate data_quality_metrics row; events: computed from conflict_events',
  }),
  measured_at: NullableIsoTime,
  geocoding_attempts: Type.Integer({ minimum: 0 }),
  geocoding_successes: Type.Integer({ minimum: 0 }),
  validation_attempts: Type.Integer({ minimum: 0 }),
  validation_passes: Type.Integer({ minimum: 0 }),
  trend: Type.Array(QualityPointSchema, { description: 'Hourly points over the last 24 h' }),
});
export type DataQuality = Static<typeof DataQualitySchema>;

export const StageNameSchema = Type.Union([
  Type.Literal('collection'),
  Type.Literal('processing'),
  Type.Literal('extraction'),
  Type.Literal('geocoding'),
  Type.Literal('validation'),
]);
export type StageName = Static<typeof StageNameSchema>;

export const StageStateSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('skipped'),
]);
export type StageState = Static<typeof StageStateSchema>;

export const PipelineStageSchema = Type.Object({
  name: StageNameSchema,
  state: Type.Union([StageStateSchema, Type.Literal('unknown')]),
  items: Type.Integer({ minimum: 0, description: 'Items this stage finished' }),
  total: Type.Integer({ minimum: 0, description: 'Items this stage was given' }),
  duration_ms: Nullable(Type.Number({ minimum: 0 })),
  run_id: Nullable(Type.String()),
});
export type PipelineStage = Static<typeof PipelineStageSchema>;

export const AnomalySchema = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'e.g. event_spike, event_drop, source_silent, coverage_gap' }),
  severity: AnomalySeveritySchema,
  description: Type.String(),
  timestamp: IsoTime,
  subject: Type.Optional(
    Type.String({ description: 'What it is about: a state, a source, a stage' }),
  ),
  observed: Type.Optional(Type.Number()),
  expected: Type.Optional(Type.Number()),
  since: Type.Optional(NullableIsoTime),
});
export type Anomaly = Static<typeof AnomalySchema>;

export const AlertStateSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('firing'),
  Type.Literal('recovering'),
  Type.Literal('resolved'),
]);
export type AlertState = Static<typeof AlertStateSchema>;

export const AlertSchema = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'The rule that raised it' }),
  severity: AlertSeveritySchema,
  title: Type.String(),
  message: Type.String(),
  timestamp: IsoTime,
  state: Type.Optional(AlertStateSchema),
  fingerprint: Type.Optional(Type.String()),
  since: Type.Optional(NullableIsoTime),
  acknowledged: Type.Optional(Type.Boolean()),
  observed: Type.Optional(Type.Number()),
  expected: Type.Optional(Type.Number()),
  labels: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: 'What the alert is about, e.g. { source: "punch" }',
    }),
  ),
  group: Type.Optional(
    Type.String({ description: 'Notification group: the rule, plus its grouping labels' }),
  ),
  silenced: Type.Optional(Type.Boolean({ description: 'A silence mutes its notifications' })),
  acknowledged_by: Type.Optional(Type.String()),
});
export type Alert = Static<typeof AlertSchema>;

export const SystemHealthSchema = Type.Object({
  database: Type.Object({
    reachable: Type.Boolean(),
    kind: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    query_ms: Nullable(Type.Number({ minimum: 0 })),
    error: Nullable(Type.String()),
  }),
  stale: Type.Boolean({ description: 'True when this document repeats the last good data' }),
  data_as_of: NullableIsoTime,
  memory_rss_bytes: Type.Integer({ minimum: 0 }),
  heap_used_bytes: Type.Integer({ minimum: 0 }),
  uptime_seconds: Type.Number({ minimum: 0 }),
  node_id: Type.String(),
  bus: Type.Optional(
    Type.Union([Type.Literal('local'), Type.Literal('redis'), Type.Literal('degraded')]),
  ),
  alert_evaluation: Type.Optional(
    Type.Object(
      {
        failing: Type.Boolean(),
        since: NullableIsoTime,
        error: Nullable(Type.String({ description: 'What fails, and the remedy when known' })),
      },
      {
        description:
          'Present while alerts cannot be evaluated or saved: the alerts shown may be incomplete',
      },
    ),
  ),
});
export type SystemHealth = Static<typeof SystemHealthSchema>;

/** The monitor's own live figures, filled in by the process that serves the document. */
export const MonitorHealthSchema = Type.Object({
  connections: Type.Object({
    websocket: Type.Integer({ minimum: 0 }),
    sse: Type.Integer({ minimum: 0 }),
    total: Type.Integer({ minimum: 0 }),
    max: Type.Integer({ minimum: 0 }),
  }),
  broadcast_ms: Nullable(Type.Number({ minimum: 0 })),
  status_compute_ms: Nullable(Type.Number({ minimum: 0 })),
  event_loop_lag_ms: Nullable(Type.Number({ minimum: 0 })),
  messages_sent: Type.Integer({ minimum: 0 }),
  nodes: Type.Optional(
    Type.Array(Type.Object({ node_id: Type.String(), connections: Type.Integer({ minimum: 0 }) })),
  ),
});
export type MonitorHealth = Static<typeof MonitorHealthSchema>;

/**
 * How many items the server left out of the document's lists to keep it within its size bound
 * (present only when something was left out). The lists keep the most important items first:
 * failing sources, the most severe anomalies and alerts.
 */
export const OmittedItemsSchema = Type.Object({
  sources: Type.Integer({ minimum: 0 }),
  anomalies: Type.Integer({ minimum: 0 }),
  alerts: Type.Integer({ minimum: 0 }),
});
export type OmittedItems = Static<typeof OmittedItemsSchema>;

export const StatusDocumentSchema = Type.Object(
  {
    timestamp: IsoTime,
    scraping_health: ScrapingHealthSchema,
    data_quality: DataQualitySchema,
    anomalies: Type.Array(AnomalySchema),
    alerts: Type.Array(AlertSchema),
    overall_status: OverallStatusSchema,
    status: OverallStatusSchema,
    last_run: NullableIsoTime,
    pipeline_stages: Type.Array(PipelineStageSchema),
    system_health: SystemHealthSchema,
    monitor: Type.Optional(MonitorHealthSchema),
    omitted: Type.Optional(OmittedItemsSchema),
  },
  { $id: 'StatusDocument' },
);
/** The status document of the contract (part A) with our additions (part B). */
export type StatusDocument = Static<typeof StatusDocumentSchema>;
