import type { AlertSeverity, AlertState, OverallStatus } from '@naija-monitor/protocol';

/**
 * Answers of the operator-console routes (issue #16), as agreed in CONSOLE-API.md. Declared here
 * structurally so the dashboard builds before the protocol's schemas land; they match
 * `packages/protocol/src/console.ts` field for field.
 */

/** A time range every panel follows. */
export type TimeRange = '1h' | '24h' | '7d';
export const TIME_RANGES: readonly TimeRange[] = ['1h', '24h', '7d'];

export interface HistoryItem {
  at: string;
  seq: number;
  overall_status: OverallStatus;
}
export interface HistoryPage {
  items: HistoryItem[];
  next_cursor: string | null;
}

export interface AlertTransition {
  at: string;
  from: AlertState | null;
  to: AlertState;
  actor: string | null;
}

/** One alert instance of `GET /api/v1/alerts`. */
export interface AlertHistoryItem {
  id: string;
  rule: string;
  fingerprint: string;
  severity: AlertSeverity;
  state: AlertState;
  title: string;
  message: string;
  labels: Record<string, string>;
  started_at: string;
  fired_at: string | null;
  resolved_at: string | null;
  updated_at: string;
  acknowledgement: {
    by: string;
    at: string;
    comment: string | null;
    expires_at: string | null;
  } | null;
  transitions?: AlertTransition[];
  silenced_by?: string | null;
  silenced_until?: string | null;
  acknowledged_by?: string | null;
  acknowledged_at?: string | null;
}

export interface Silence {
  id: string;
  matchers: Record<string, string>;
  created_by: string;
  comment: string;
  starts_at: string;
  ends_at: string;
  active: boolean;
}

export type RunStatus = 'success' | 'empty' | 'failed' | 'running';
export interface SourceRun {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  articles_found: number;
  articles_new: number;
  events: number;
  duration_ms: number | null;
  error: string | null;
}
export interface SourceActivity {
  source: { id: string; name: string; enabled: boolean };
  range: TimeRange;
  runs: SourceRun[];
  daily: Array<{ day: string; articles: number; events: number }>;
  cadence: {
    expected_interval_seconds: number | null;
    median_actual_interval_seconds: number | null;
    last_productive_at: string | null;
  };
  errors: Array<{ at: string; message: string }>;
  alerts: AlertHistoryItem[];
}

export interface StateActivity {
  state: string;
  events: number;
  fatalities: number;
  precision: { lga: number; state: number; none: number };
  sources: string[];
  spike: boolean;
  coverage_gap: boolean;
}
export interface StatesAnswer {
  range: TimeRange;
  states: StateActivity[];
}

export interface StateEvent {
  id: string;
  occurred_at: string;
  event_type: string;
  fatalities: number | null;
  lga: string | null;
  title: string | null;
  url: string | null;
  source: string | null;
}
export interface StateEvents {
  state: string;
  events: StateEvent[];
}

export interface QualityAnswer {
  range: TimeRange;
  points: Array<{
    at: string;
    geocoding_success_rate: number | null;
    validation_pass_rate: number | null;
  }>;
}
