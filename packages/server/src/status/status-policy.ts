import { STATUS_LOOKBACK_DAYS } from '../store/retention-policy';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-bounds';

/**
 * Thresholds that turn measured figures into states. They are policy, not data: every figure
 * they are compared with is read from the database.
 */
export interface StatusPolicy {
  /** Scraping success rate (%) in the window below which the pipeline is degraded. @default 90 */
  degradedSuccessRate: number;
  /** Scraping success rate (%) in the window below which the pipeline is unhealthy. @default 50 */
  unhealthySuccessRate: number;
  /** Geocoding or validation rate (%) below which event-based quality is `warning`. @default 80 */
  qualityWarningRate: number;
  /** Geocoding or validation rate (%) below which event-based quality is `error`. @default 60 */
  qualityErrorRate: number;
  /**
   * A source (or the whole pipeline) is overdue after this many of its expected intervals
   * without a run. @default 2
   */
  overdueAfterIntervals: number;
  /**
   * Days back a source's last success and the newest aggregate quality row are looked for; an
   * aggregate row older than this no longer stands for current quality (events do). @default 30
   */
  lookbackDays: number;
  /** How much one document may list; see {@link DocumentLimits}. */
  documentLimits: DocumentLimits;
}

/** The policy the engine uses unless told otherwise. */
export const DEFAULT_STATUS_POLICY: Readonly<StatusPolicy> = Object.freeze({
  degradedSuccessRate: 90,
  unhealthySuccessRate: 50,
  qualityWarningRate: 80,
  qualityErrorRate: 60,
  overdueAfterIntervals: 2,
  lookbackDays: STATUS_LOOKBACK_DAYS,
  documentLimits: DEFAULT_DOCUMENT_LIMITS,
});
