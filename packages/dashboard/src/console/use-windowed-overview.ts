import type { DataQuality, ScrapingHealth, StatusDocument } from '@naija-monitor/protocol';
import type { ConsoleApi } from './api';
import { describeWindow } from './range-label';
import type { TimeRange } from './types';
import { useResource } from './use-resource';

/** The overview panels' windowed figures, and the window they cover. */
export interface WindowedFigures {
  /** "last 7 d", "1 h to 03:12": the window of the figures shown (not merely the one asked). */
  label: string;
  scraping: ScrapingHealth | null;
  quality: DataQuality | null;
  error: string | null;
}

/** Live figures over 1 h or 7 d are asked again when the data changes, or a minute passes. */
const SLIDE_MS = 60_000;

/**
 * Figures for the overview panels over the chosen range (issue #16: every panel follows it).
 * 24 h is the status document's own window: its figures come from the document shown (live, or
 * as published at the replayed moment), pushed, with no request. 1 h and 7 d come from
 * `GET /api/v1/overview` (the same computation over that window, ending at the replayed moment
 * in replay), asked again when the live data changes and each minute as the window slides.
 */
export function useWindowedOverview(
  api: ConsoleApi,
  range: TimeRange,
  at: string | null,
  document: StatusDocument | null,
  nowMs: number,
): WindowedFigures {
  const fromDocument = range === '24h';
  const health = document?.scraping_health;
  const change = health
    ? `${document.last_run}|${health.articles_collected}|${health.events_extracted}|${health.sources.length}`
    : 'none';
  const key = fromDocument
    ? null
    : at
      ? `${range}|at:${at}`
      : `${range}|live:${change}|${Math.floor(nowMs / SLIDE_MS)}`;
  // Tagged with the moment asked, so figures kept during a reload carry their own label.
  const answer = useResource(key, () =>
    api.overview(range, at).then((overview) => ({ overview, asked: at })),
  );

  if (fromDocument) {
    return {
      // In replay the window ends when the shown document was published.
      label: describeWindow('24h', at ? (document?.timestamp ?? at) : null),
      scraping: document?.scraping_health ?? null,
      quality: document?.data_quality ?? null,
      error: null,
    };
  }
  const data = answer.data?.overview ?? null;
  // During a reload or after a failure the last good figures stay, labelled with their window.
  const shownAt = answer.data?.asked ? (data?.at ?? null) : null;
  return {
    label: data ? describeWindow(data.range, shownAt) : describeWindow(range, at),
    scraping: data?.scraping_health ?? null,
    quality: data?.data_quality ?? null,
    error: answer.error,
  };
}
