import type { ReactNode } from 'react';
import type { WindowedFigures } from '../console/use-windowed-overview';
import { TRANSPORT_NAMES } from '../connection-label';
import { formatClock, formatDateTime } from '../format';
import type { MonitorSnapshot } from '../snapshot';
import { AlertsPanel } from './alerts-panel';
import { AnomaliesPanel } from './anomalies-panel';
import { MonitorPanel } from './monitor-panel';
import { OverviewPanel } from './overview-panel';
import { QualityPanel } from './quality-panel';
import { SourcesPanel } from './sources-panel';
import { StagesPanel } from './stages-panel';
import { StatusBanner } from './status-banner';
import { SystemHealthPanel } from './system-health-panel';
import { TopBar } from './top-bar';

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  /** The client's snapshot (a `ClientSnapshot` fits). */
  snapshot: MonitorSnapshot;
  /** Current time, epoch ms; ticks every second from the app. */
  nowMs: number;
  /** Forces an update now (`client.refresh()`). */
  onRefresh: () => Promise<void>;
  /** The API base URL in use, shown in the footer and in connection errors. */
  apiUrl: string;
  /** Configuration problems to show in the footer. */
  warnings?: readonly string[];
  /** The operator console's controls (views, range, timeline), under the top bar. */
  toolbar?: ReactNode;
  /** A notice above the panels, e.g. the replay banner. */
  notice?: ReactNode;
  /** Another view's content in place of the overview panels. */
  content?: ReactNode;
  /**
   * The overview's windowed figures over the console's range; unset: the document's own 24 h
   * (scraping health, data quality) unlabelled, as the plain dashboard shows them.
   */
  windowed?: WindowedFigures;
}

/**
 * The whole Pipeline Monitor page as a pure function of the client's snapshot. Before the
 * first status every panel shows a skeleton of its final size; after an error the panels keep
 * the last good data and the banner says when it arrived.
 */
export function Dashboard({
  snapshot,
  nowMs,
  onRefresh,
  apiUrl,
  warnings = [],
  toolbar,
  notice,
  content,
  windowed,
}: DashboardProps) {
  const { status } = snapshot;
  const scraping = windowed ? windowed.scraping : (status?.scraping_health ?? null);
  const quality = windowed ? windowed.quality : (status?.data_quality ?? null);
  const rangeLabel = windowed?.label;
  const sources = status?.scraping_health.sources ?? [];
  // Without data and without hope of it soon, stop the shimmer: it would suggest progress.
  const waiting = status === null && (snapshot.error !== null || snapshot.state === 'disconnected');
  return (
    <div className={waiting ? 'app app--unavailable' : 'app'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar snapshot={snapshot} nowMs={nowMs} onRefresh={onRefresh} />
      {toolbar}
      <main id="main" className="layout" tabIndex={-1}>
        {notice}
        <StatusBanner
          state={snapshot.state}
          error={snapshot.error}
          status={status}
          receivedAt={snapshot.receivedAt}
          nowMs={nowMs}
          apiUrl={apiUrl}
        />
        {content ?? (
          <div className="grid">
            {windowed?.error && (
              <p className="panel-error text-bad" role="alert">
                {windowed.error}
              </p>
            )}
            <OverviewPanel scraping={scraping} nowMs={nowMs} rangeLabel={rangeLabel} />
            <StagesPanel
              stages={status?.pipeline_stages ?? null}
              lastRun={status?.last_run ?? null}
              nowMs={nowMs}
            />
            <QualityPanel quality={quality} nowMs={nowMs} rangeLabel={rangeLabel} />
            <AlertsPanel alerts={status?.alerts ?? null} nowMs={nowMs} sources={sources} />
            <AnomaliesPanel anomalies={status?.anomalies ?? null} nowMs={nowMs} sources={sources} />
            <SystemHealthPanel health={status?.system_health ?? null} nowMs={nowMs} />
            <MonitorPanel monitor={status === null ? null : status.monitor} />
            <SourcesPanel
              sources={scraping?.sources ?? null}
              nowMs={nowMs}
              rangeLabel={rangeLabel}
            />
          </div>
        )}
      </main>
      <footer className="footer">
        <span>
          API <code>{apiUrl}</code>
        </span>
        {status && (
          <span>
            status of{' '}
            <time
              dateTime={status.timestamp}
              title={`${formatDateTime(status.timestamp)}${snapshot.seq === null ? '' : `, update ${snapshot.seq}`}`}
            >
              {formatClock(Date.parse(status.timestamp))}
            </time>
            {snapshot.transport && <> · via {TRANSPORT_NAMES[snapshot.transport]}</>}
          </span>
        )}
        {warnings.map((warning) => (
          <span key={warning} className="text-warn">
            {warning}
          </span>
        ))}
      </footer>
    </div>
  );
}
