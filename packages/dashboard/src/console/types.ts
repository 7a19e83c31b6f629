/**
 * The console routes' answers (issue #16), from the protocol's schemas (the server validates
 * against the same ones), under the names the dashboard uses.
 */
export type {
  AlertHistoryItem,
  AlertTransition,
  ConsoleOverview as OverviewAnswer,
  ConsoleRange as TimeRange,
  QualitySeries as QualityAnswer,
  SourceActivity,
  SourceRun,
  StateEvent,
  StateEvents,
  StateSummary as StateActivity,
  StatesOverview as StatesAnswer,
  StatusHistoryItem as HistoryItem,
  StatusHistoryPage as HistoryPage,
} from '@naija-monitor/protocol';
import type { ConsoleRange } from '@naija-monitor/protocol';

/** The ranges offered, shortest first. */
export const TIME_RANGES: readonly ConsoleRange[] = ['1h', '24h', '7d'];

/** A silence (`GET /api/v1/silences`); the alert routes describe it, the protocol does not yet. */
export interface Silence {
  id: string;
  matchers: Record<string, string>;
  created_by: string;
  comment: string;
  starts_at: string;
  ends_at: string;
  active: boolean;
}
