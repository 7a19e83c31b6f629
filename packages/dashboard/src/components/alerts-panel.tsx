import type { Alert, AlertState } from '@naija-monitor/protocol';
import { useConsole } from '../console/console-context';
import { alertEvidence, type KnownSource } from '../console/evidence';
import { STRINGS } from '../console/strings';
import { formatCount, formatFigure, humanize } from '../format';
import { AlertActions } from './alert-actions';
import { Badge } from './badge';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { ALERT_STATE_TONES, SEVERITY_RANK, SEVERITY_TONES } from './tones';
import { TimeAgo } from './time-ago';
import { ViewLink } from './view-link';

/** Props of {@link AlertsPanel}. */
export interface AlertsPanelProps {
  /** `status.alerts`, or null until the first status. */
  alerts: Alert[] | null;
  nowMs: number;
  /** Source ids of the document, to tell a source subject from a state. */
  sources?: readonly KnownSource[];
}

const STATE_RANK: Record<AlertState, number> = {
  firing: 0,
  pending: 1,
  recovering: 2,
  resolved: 3,
};

/** Firing first, then by severity, then newest. An alert without a state is treated as firing. */
function byUrgency(a: Alert, b: Alert): number {
  return (
    STATE_RANK[a.state ?? 'firing'] - STATE_RANK[b.state ?? 'firing'] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.timestamp.localeCompare(a.timestamp)
  );
}

/** Alerts with their severity and lifecycle state (pending, firing, recovering, resolved). */
export function AlertsPanel({ alerts, nowMs, sources = [] }: AlertsPanelProps) {
  const context = useConsole();
  const sorted = alerts ? [...alerts].sort(byUrgency) : null;
  const firing = alerts?.filter((alert) => (alert.state ?? 'firing') === 'firing').length ?? 0;
  return (
    <Panel
      id="alerts"
      title="Alerts"
      loading={sorted === null}
      className="panel--list"
      aside={
        sorted ? (
          <span className={firing > 0 ? 'text-bad' : undefined}>
            {firing > 0
              ? `${formatCount(firing)} firing`
              : sorted.length === 0
                ? 'none'
                : 'none firing'}
          </span>
        ) : undefined
      }
    >
      <div
        className="list-scroll"
        tabIndex={sorted && sorted.length > 0 ? 0 : undefined}
        aria-labelledby="alerts-title"
      >
        {context && !context.admin && !context.view.at && sorted !== null && sorted.length > 0 && (
          <p className="admin-note" data-testid="admin-note">
            {STRINGS.adminNeeded}.{' '}
            <button type="button" className="link-button" onClick={context.requestSignIn}>
              {STRINGS.signInButton}
            </button>{' '}
            {STRINGS.adminWhere}
          </p>
        )}
        {sorted === null && <Skeleton variant="row" lines={3} />}
        {sorted?.length === 0 && <p className="all-clear">No alerts.</p>}
        {sorted && sorted.length > 0 && (
          <ul className="items">
            {sorted.map((alert) => {
              const state = alert.state ?? 'firing';
              const evidence = alertEvidence(alert, sources);
              return (
                <li
                  key={alert.id}
                  className={`item item--${state === 'resolved' ? 'good' : SEVERITY_TONES[alert.severity]}`}
                  data-testid="alert"
                >
                  <div className="item__head">
                    <Badge tone={SEVERITY_TONES[alert.severity]} srPrefix="Severity">
                      {alert.severity}
                    </Badge>
                    <Badge tone={ALERT_STATE_TONES[state]} srPrefix="State">
                      {state}
                    </Badge>
                    <span className="item__title">{alert.title}</span>
                    <span className="item__time">
                      <TimeAgo iso={alert.since ?? alert.timestamp} nowMs={nowMs} />
                    </span>
                  </div>
                  <p className="item__text">{alert.message}</p>
                  <p className="item__meta">
                    <span>{humanize(alert.type)}</span>
                    {alert.observed !== undefined && (
                      <span>
                        observed {formatFigure(alert.observed)}
                        {alert.expected !== undefined && (
                          <>, expected {formatFigure(alert.expected)}</>
                        )}
                      </span>
                    )}
                    {alert.acknowledged && <span className="text-good">acknowledged</span>}
                    {alert.silenced && <span className="text-warn">silenced</span>}
                    {evidence && <ViewLink to={evidence.to}>{evidence.label}</ViewLink>}
                  </p>
                  <AlertActions alert={alert} />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Panel>
  );
}
