import type { ReactNode } from 'react';
import type { ScrapingHealth } from '@naija-monitor/protocol';
import { formatCount, formatPercent } from '../format';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { TimeAgo } from './time-ago';

/** Props of {@link OverviewPanel}. */
export interface OverviewPanelProps {
  /** `status.scraping_health`, or null until the first status. */
  scraping: ScrapingHealth | null;
  nowMs: number;
  /** The window the figures cover, beside the title ("last 7 d", "1 h to 03:12"). */
  rangeLabel?: string;
}

/** Headline figures: sources processed of total, articles collected, events extracted. */
export function OverviewPanel({ scraping, nowMs, rangeLabel }: OverviewPanelProps) {
  const loading = scraping === null;
  const window = scraping ? `last ${formatWindow(scraping.window_hours)}` : '\u00a0';
  return (
    <Panel
      id="overview"
      title="Overview"
      loading={loading}
      className="panel--overview"
      aside={rangeLabel ? <span data-testid="overview-range">{rangeLabel}</span> : undefined}
    >
      <dl className="tiles">
        <Tile label="Sources processed" loading={loading} testId="overview-sources">
          {scraping && (
            <>
              <dd className="tile__value">
                {formatCount(scraping.sources_processed)}
                <span className="tile__of"> / {formatCount(scraping.total_sources)}</span>
              </dd>
              <dd className="tile__sub">
                {scraping.failed_sources > 0 ? (
                  <span className="text-bad">
                    {formatCount(scraping.failed_sources)} failed in the latest run
                  </span>
                ) : (
                  'in the latest run, none failed'
                )}
              </dd>
            </>
          )}
        </Tile>
        <Tile label="Articles collected" loading={loading} testId="overview-articles">
          {scraping && (
            <>
              <dd className="tile__value">{formatCount(scraping.articles_collected)}</dd>
              <dd className="tile__sub">{window}</dd>
            </>
          )}
        </Tile>
        <Tile label="Events extracted" loading={loading} testId="overview-events">
          {scraping && (
            <>
              <dd className="tile__value">{formatCount(scraping.events_extracted)}</dd>
              <dd className="tile__sub">{window}</dd>
            </>
          )}
        </Tile>
        <Tile label="Source success rate" loading={loading} testId="overview-success">
          {scraping && (
            <>
              <dd className="tile__value">{formatPercent(scraping.success_rate)}</dd>
              <dd className="tile__sub">
                last run <TimeAgo iso={scraping.last_run} nowMs={nowMs} />
              </dd>
            </>
          )}
        </Tile>
      </dl>
    </Panel>
  );
}

function Tile({
  label,
  loading,
  testId,
  children,
}: {
  label: string;
  loading: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="tile" data-testid={testId}>
      <dt className="tile__label">{label}</dt>
      {loading ? (
        <dd>
          <Skeleton variant="tile" />
        </dd>
      ) : (
        children
      )}
    </div>
  );
}

function formatWindow(hours: number): string {
  return hours > 24 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} h`;
}
