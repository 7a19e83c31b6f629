import { Type, type Static } from '@sinclair/typebox';
import {
  AlertSeveritySchema,
  AlertStateSchema,
  DataQualitySchema,
  OverallStatusSchema,
  ScrapingHealthSchema,
} from './status-document';

/**
 * Operator console API (issue #16): the answers of the read routes the dashboard's console
 * pages use. Server and dashboard both take their types from here, so a change to a shape is a
 * change to this file. Every list is bounded (its `maxItems` says how far).
 */

const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601 time in UTC' });
const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The 36 states and the Federal Capital Territory, as the pipeline's geocoder names them. */
export const NIGERIAN_STATES = [
  'Abia',
  'Adamawa',
  'Akwa Ibom',
  'Anambra',
  'Bauchi',
  'Bayelsa',
  'Benue',
  'Borno',
  'Cross River',
  'Delta',
  'Ebonyi',
  'Edo',
  'Ekiti',
  'Enugu',
  'Federal Capital Territory',
  'Gombe',
  'Imo',
  'Jigawa',
  'Kaduna',
  'Kano',
  'Katsina',
  'Kebbi',
  'Kogi',
  'Kwara',
  'Lagos',
  'Nasarawa',
  'Niger',
  'Ogun',
  'Ondo',
  'Osun',
  'Oyo',
  'Plateau',
  'Rivers',
  'Sokoto',
  'Taraba',
  'Yobe',
  'Zamfara',
] as const;
export type NigerianState = (typeof NIGERIAN_STATES)[number];

/** Time range of the console's reads (`?range=`). */
export const ConsoleRangeSchema = Type.Union(
  [Type.Literal('1h'), Type.Literal('24h'), Type.Literal('7d')],
  { default: '24h', description: 'Time range: 1h, 24h or 7d' },
);
export type ConsoleRange = Static<typeof ConsoleRangeSchema>;
/** Length of each {@link ConsoleRange} in milliseconds. */
export const CONSOLE_RANGE_MS: Readonly<Record<ConsoleRange, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
};

// --- 1. Status history -------------------------------------------------------------------

/** One stored publication of the status document (publications differing only in volatile fields are stored once). */
export const StatusHistoryItemSchema = Type.Object({
  at: IsoTime,
  seq: Type.Integer({ minimum: 0 }),
  overall_status: OverallStatusSchema,
});
export type StatusHistoryItem = Static<typeof StatusHistoryItemSchema>;

/** `GET /api/v1/monitoring/pipeline-status/history`, oldest first. */
export const StatusHistoryPageSchema = Type.Object({
  items: Type.Array(StatusHistoryItemSchema, { maxItems: 2000 }),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next page; null on the last page',
  }),
});
export type StatusHistoryPage = Static<typeof StatusHistoryPageSchema>;

/** Response header of `GET /api/v1/monitoring/pipeline-status?at=`: when the replayed document was published. */
export const STATUS_REPLAY_HEADER = 'x-status-replay';

// --- 7. Alerts (the history item, with what the console adds) ------------------------------

/**
 * One change of an alert's state, or an acknowledgement / silence of it (`to` then names it).
 * A silence is recorded on every open alert it matched when it was created, when someone ended it
 * (`unsilenced` by them), and when it ran out (`unsilenced` at its end, `actor` null).
 */
export const AlertTransitionSchema = Type.Object({
  at: IsoTime,
  from: Type.Union([AlertStateSchema, Type.Null()]),
  to: Type.Union([
    AlertStateSchema,
    Type.Literal('acknowledged'),
    Type.Literal('unacknowledged'),
    Type.Literal('silenced'),
    Type.Literal('unsilenced'),
  ]),
  actor: Type.Union([Type.String(), Type.Null()], {
    description: 'Who did it; null for the alert engine',
  }),
  until: Type.Optional(
    Type.Union([IsoTime, Type.Null()], {
      description: 'For silenced: when the silence ends; for acknowledged: when it expires',
    }),
  ),
  comment: Type.Optional(NullableString),
});
export type AlertTransition = Static<typeof AlertTransitionSchema>;

/** One alert instance of the history (`GET /api/v1/alerts`). */
export const AlertHistoryItemSchema = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  fingerprint: Type.String(),
  severity: AlertSeveritySchema,
  state: AlertStateSchema,
  title: Type.String(),
  message: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  group: Type.String(),
  observed: Type.Union([Type.Number(), Type.Null()]),
  expected: Type.Union([Type.Number(), Type.Null()]),
  started_at: IsoTime,
  condition_since: NullableIsoTime,
  fired_at: NullableIsoTime,
  resolved_at: NullableIsoTime,
  updated_at: IsoTime,
  acknowledgement: Type.Union([
    Type.Object({
      by: Type.String(),
      at: IsoTime,
      comment: NullableString,
      expires_at: NullableIsoTime,
    }),
    Type.Null(),
  ]),
  // Added for the console; present on the list route, may be missing on the single-alert routes.
  transitions: Type.Optional(
    Type.Array(AlertTransitionSchema, { maxItems: 50, description: 'Newest first, at most 50' }),
  ),
  acknowledged_by: Type.Optional(NullableString),
  acknowledged_at: Type.Optional(NullableIsoTime),
  silenced_by: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'Author of a silence in force that matches this alert',
    }),
  ),
  silenced_until: Type.Optional(NullableIsoTime),
});
export type AlertHistoryItem = Static<typeof AlertHistoryItemSchema>;

/** `GET /api/v1/alerts`. */
export const AlertHistoryPageSchema = Type.Object({
  alerts: Type.Array(AlertHistoryItemSchema, { maxItems: 1000 }),
});
export type AlertHistoryPage = Static<typeof AlertHistoryPageSchema>;

// --- 3. Source activity ------------------------------------------------------------------

export const SourceRunStatusSchema = Type.Union([
  Type.Literal('success'),
  Type.Literal('empty'),
  Type.Literal('failed'),
  Type.Literal('running'),
]);
export type SourceRunStatus = Static<typeof SourceRunStatusSchema>;

export const SourceRunSchema = Type.Object({
  id: Type.String(),
  started_at: IsoTime,
  finished_at: NullableIsoTime,
  status: SourceRunStatusSchema,
  articles_found: Count,
  articles_new: Count,
  events: Count,
  duration_ms: Type.Union([Count, Type.Null()]),
  error: NullableString,
});
export type SourceRun = Static<typeof SourceRunSchema>;

export const SourceDailySchema = Type.Object({
  day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD' }),
  articles: Count,
  events: Count,
});
export type SourceDaily = Static<typeof SourceDailySchema>;

/** `GET /api/v1/sources/:id/activity`. */
export const SourceActivitySchema = Type.Object({
  source: Type.Object({ id: Type.String(), name: Type.String(), enabled: Type.Boolean() }),
  range: ConsoleRangeSchema,
  runs: Type.Array(SourceRunSchema, { maxItems: 500, description: 'Newest first' }),
  daily: Type.Array(SourceDailySchema, {
    maxItems: 7,
    description: 'The last 7 UTC days, oldest first, zeros included',
  }),
  cadence: Type.Object({
    expected_interval_seconds: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    median_actual_interval_seconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    last_productive_at: NullableIsoTime,
  }),
  errors: Type.Array(Type.Object({ at: IsoTime, message: Type.String() }), {
    maxItems: 20,
    description: 'Newest 20 failed runs',
  }),
  alerts: Type.Array(AlertHistoryItemSchema, {
    maxItems: 100,
    description: 'Open alerts whose labels name this source',
  }),
});
export type SourceActivity = Static<typeof SourceActivitySchema>;

// --- 4./5. States --------------------------------------------------------------------------

export const StateSummarySchema = Type.Object({
  state: Type.String(),
  events: Count,
  fatalities: Count,
  precision: Type.Object({ lga: Count, state: Count, none: Count }),
  sources: Type.Array(Type.String(), { maxItems: 20 }),
  spike: Type.Boolean({ description: 'An event_spike anomaly of the current document names it' }),
  coverage_gap: Type.Boolean({
    description: 'A coverage_gap anomaly of the current document names it',
  }),
});
export type StateSummary = Static<typeof StateSummarySchema>;

/** `GET /api/v1/states`: all 37 states, zeros included. */
export const StatesOverviewSchema = Type.Object({
  range: ConsoleRangeSchema,
  states: Type.Array(StateSummarySchema, { maxItems: 37 }),
});
export type StatesOverview = Static<typeof StatesOverviewSchema>;

export const StateEventSchema = Type.Object({
  id: Type.String(),
  occurred_at: Type.String({ description: 'Event date (YYYY-MM-DD) as the pipeline extracted it' }),
  event_type: Type.String(),
  fatalities: Type.Union([Count, Type.Null()]),
  lga: NullableString,
  title: NullableString,
  url: NullableString,
  source: NullableString,
});
export type StateEvent = Static<typeof StateEventSchema>;

/** `GET /api/v1/states/:state/events`, newest first. */
export const StateEventsSchema = Type.Object({
  state: Type.String(),
  events: Type.Array(StateEventSchema, { maxItems: 500 }),
});
export type StateEvents = Static<typeof StateEventsSchema>;

// --- 6. Quality ----------------------------------------------------------------------------

const NullablePercent = Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]);

export const QualitySeriesPointSchema = Type.Object({
  at: IsoTime,
  geocoding_success_rate: NullablePercent,
  validation_pass_rate: NullablePercent,
});
export type QualitySeriesPoint = Static<typeof QualitySeriesPointSchema>;

/** `GET /api/v1/quality`: hourly buckets for 24h/7d, 5-minute buckets for 1h, oldest first. */
export const QualitySeriesSchema = Type.Object({
  range: ConsoleRangeSchema,
  points: Type.Array(QualitySeriesPointSchema, { maxItems: 200 }),
});
export type QualitySeries = Static<typeof QualitySeriesSchema>;

// --- 8. Overview over a range --------------------------------------------------------------

/**
 * `GET /api/v1/overview?range=&at=`: the status document's windowed parts (scraping health with
 * every source's figures, data quality) computed by the same reads and builders as the live
 * document, over the chosen range, ending now or at `at` (replay). The live document keeps its
 * fixed 24 h window. `data_quality.trend` here is the range in buckets, as `GET /api/v1/quality`
 * gives it (5 minutes for 1h, hourly for 24h and 7d), not the document's 24 hourly points.
 */
export const ConsoleOverviewSchema = Type.Object({
  range: ConsoleRangeSchema,
  at: Type.String({
    format: 'date-time',
    description: 'End of the window: now, or the replayed moment',
  }),
  window_hours: Type.Number({ description: 'Length of the window in hours' }),
  scraping_health: ScrapingHealthSchema,
  data_quality: DataQualitySchema,
});
export type ConsoleOverview = Static<typeof ConsoleOverviewSchema>;
