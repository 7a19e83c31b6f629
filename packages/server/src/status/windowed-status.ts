import type { DataQuality, ScrapingHealth } from '@naija-monitor/protocol';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables';
import { readStatusRows } from '../store/status-queries';
import { buildDataQuality, trendStart } from './data-quality';
import { withDeadline } from './deadline';
import { buildScrapingHealth } from './scraping-health';
import { DEFAULT_STATUS_POLICY, type StatusPolicy } from './status-policy';

/** What {@link readWindowedStatus} computes over. */
export interface WindowedStatusOptions {
  /** Length of the counting window. */
  windowMs: number;
  /** End of the window: now, or a replayed moment. */
  end: Date;
  /** True for a replayed moment: rows after `end` are left out (live reads take every row). */
  replay: boolean;
  /** @default DEFAULT_STATUS_POLICY */
  policy?: StatusPolicy;
  /** @default 5000 */
  queryTimeoutMs?: number;
}

/** The status document's windowed parts over another window than the document's own. */
export interface WindowedStatus {
  scraping_health: ScrapingHealth;
  data_quality: DataQuality;
}

const DAY_MS = 86_400_000;

/**
 * Scraping health and data quality over any window ending at any kept moment (the operator
 * console's range and replay): the status engine's own read (`readStatusRows`, one statement)
 * and builders, with another window, so the figures mean exactly what the document's mean.
 */
export async function readWindowedStatus(
  db: Kysely<Tables>,
  options: WindowedStatusOptions,
): Promise<WindowedStatus> {
  const { end, windowMs } = options;
  const policy = options.policy ?? DEFAULT_STATUS_POLICY;
  const rows = await withDeadline(
    readStatusRows(db, {
      windowStart: new Date(end.getTime() - windowMs),
      trendStart: trendStart(end),
      lookbackStart: new Date(end.getTime() - policy.lookbackDays * DAY_MS),
      ...(options.replay ? { windowEnd: end } : {}),
    }),
    options.queryTimeoutMs ?? 5000,
    'overview query',
  );
  return {
    scraping_health: buildScrapingHealth(rows, windowMs / 3_600_000),
    data_quality: buildDataQuality(rows, end, policy),
  };
}
