import type { OverallStatus } from '@naija-monitor/protocol';
import { humanize } from '../format';
import type { MonitorSnapshot } from '../snapshot';
import { Badge } from './badge';
import { ConnectionIndicator } from './connection-indicator';
import { Freshness } from './freshness';
import { RefreshButton } from './refresh-button';
import { OVERALL_TONES } from './tones';

/** Props of {@link TopBar}. */
export interface TopBarProps {
  snapshot: MonitorSnapshot;
  nowMs: number;
  onRefresh: () => Promise<void>;
}

/** Title, overall status, connection indicator, data freshness and the Refresh button. */
export function TopBar({ snapshot, nowMs, onRefresh }: TopBarProps) {
  const overall: OverallStatus | null = snapshot.status?.overall_status ?? null;
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <svg className="topbar__logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M2 12h4l2.5-6 4 12 3-8 1.5 2H22" />
        </svg>
        <div>
          <h1 className="topbar__title">Pipeline Monitor</h1>
          <p className="topbar__subtitle">Naija conflict tracker · data pipeline</p>
        </div>
        <span className="topbar__overall" data-testid="overall-status">
          {overall ? (
            <Badge tone={OVERALL_TONES[overall]} srPrefix="Overall status">
              {humanize(overall)}
            </Badge>
          ) : (
            <span className="skeleton skeleton--badge" aria-hidden="true" />
          )}
        </span>
      </div>
      <div className="topbar__live">
        <ConnectionIndicator
          state={snapshot.state}
          transport={snapshot.transport}
          attempt={snapshot.attempt}
        />
        <Freshness receivedAt={snapshot.receivedAt} nowMs={nowMs} />
        <RefreshButton onRefresh={onRefresh} />
      </div>
    </header>
  );
}
