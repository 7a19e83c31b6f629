import type { ScrapingHealth, SourceHealth } from '@naija-monitor/protocol';
import type { SourceRow, StatusRows } from '../store/status-queries';
import { percent } from './rates';

/** The source's state from its latest run. */
export function sourceState(source: SourceRow): SourceHealth['state'] {
  if (!source.enabled) return 'disabled';
  switch (source.latest_state) {
    case null:
      return 'never_run';
    case 'running':
      return 'running';
    case 'failed':
      return 'failing';
    case 'empty':
      return 'empty';
    case 'succeeded':
      return 'ok';
  }
}

/** Scraping health, per source and in total, from the status rows (counts cover the window). */
export function buildScrapingHealth(rows: StatusRows, windowHours: number): ScrapingHealth {
  const eventsBySource = new Map(
    rows.eventsBySource.map((group) => [group.source_id, group.events]),
  );
  const eventsInWindow = sum(rows.eventsBySource, (group) => group.events);

  const sources: SourceHealth[] = rows.sources.map((source) => ({
    id: source.id,
    name: source.name,
    enabled: source.enabled,
    state: sourceState(source),
    last_run: source.latest_started_at?.toISOString() ?? null,
    last_success: source.last_success_at?.toISOString() ?? null,
    last_error: source.window_error,
    runs: source.window_runs,
    // Runs still going have no outcome yet: they count in `runs`, not in the rate.
    success_rate: percent(source.window_succeeded, source.window_succeeded + source.window_failed),
    articles_collected: source.window_articles,
    events_extracted: eventsBySource.get(source.id) ?? 0,
    expected_interval_seconds: source.expected_interval_seconds,
  }));

  const enabled = rows.sources.filter((source) => source.enabled);
  const succeeded = sum(rows.sources, (source) => source.window_succeeded);
  const failed = sum(rows.sources, (source) => source.window_failed);
  return {
    sources_processed: rows.sourcesProcessed,
    total_sources: enabled.length,
    articles_collected: sum(rows.sources, (source) => source.window_articles),
    events_extracted: eventsInWindow,
    failed_sources: enabled.filter((source) => source.latest_state === 'failed').length,
    success_rate: percent(succeeded, succeeded + failed),
    last_run: rows.latestRun?.started_at.toISOString() ?? null,
    last_error: newestError(rows),
    window_hours: windowHours,
    sources,
  };
}

/** The newest error in the window, from a source run or from a pipeline run. */
function newestError(rows: StatusRows): string | null {
  let newest: { error: string; at: Date } | null = rows.runError;
  for (const source of rows.sources) {
    if (source.window_error === null || source.window_error_at === null) continue;
    if (newest === null || source.window_error_at > newest.at) {
      newest = { error: source.window_error, at: source.window_error_at };
    }
  }
  return newest?.error ?? null;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
