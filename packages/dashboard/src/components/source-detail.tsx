import type { SourceActivity } from '../console/types';
import { formatDateTime, formatDurationMs, humanize, NO_VALUE } from '../format';
import { Badge } from './badge';
import { DailyBars } from './daily-bars';
import { Panel } from './panel';
import { RunStrip } from './run-strip';
import { SEVERITY_TONES } from './tones';
import { TimeAgo } from './time-ago';

/** Props of {@link SourceDetail}. */
export interface SourceDetailProps {
  activity: SourceActivity;
  nowMs: number;
  /** The window of the runs ("last 7 d", "1 h to 03:12"). @default "last <range>" */
  windowLabel?: string;
}

const seconds = (value: number | null) =>
  value === null ? NO_VALUE : formatDurationMs(value * 1000);

/** A source's runs, daily output, cadence, last errors and open alerts. */
export function SourceDetail({ activity, nowMs, windowLabel }: SourceDetailProps) {
  const { cadence } = activity;
  const late =
    cadence.expected_interval_seconds !== null &&
    cadence.median_actual_interval_seconds !== null &&
    cadence.median_actual_interval_seconds > cadence.expected_interval_seconds * 1.5;
  return (
    <div className="grid grid--detail" data-testid="source-detail">
      <Panel
        id="source-runs"
        title={`Runs · ${windowLabel ?? `last ${activity.range}`}`}
        className="panel--wide"
      >
        {activity.runs.length === 0 ? (
          <p className="all-clear">No runs in this range.</p>
        ) : (
          <RunStrip runs={activity.runs} />
        )}
      </Panel>
      <Panel id="source-cadence" title="Cadence">
        <dl className="facts">
          <div className="fact">
            <dt className="fact__label">Expected every</dt>
            <dd className="fact__value">{seconds(cadence.expected_interval_seconds)}</dd>
          </div>
          <div className="fact">
            <dt className="fact__label">Actually every (median)</dt>
            <dd className={late ? 'fact__value text-warn' : 'fact__value'}>
              {seconds(cadence.median_actual_interval_seconds)}
            </dd>
          </div>
          <div className="fact">
            <dt className="fact__label">Last productive run</dt>
            <dd className="fact__value">
              <TimeAgo iso={cadence.last_productive_at} nowMs={nowMs} />
            </dd>
          </div>
        </dl>
      </Panel>
      <Panel id="source-daily" title="Articles and events per day">
        <DailyBars daily={activity.daily} />
      </Panel>
      <Panel id="source-errors" title="Last errors" className="panel--list">
        {activity.errors.length === 0 ? (
          <p className="all-clear">No failed runs.</p>
        ) : (
          <ul className="items">
            {activity.errors.map((error) => (
              <li key={`${error.at}-${error.message}`} className="item item--bad">
                <p className="item__text">{error.message}</p>
                <p className="item__meta">
                  <time dateTime={error.at}>{formatDateTime(error.at)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel id="source-alerts" title="Open alerts" className="panel--list">
        {activity.alerts.length === 0 ? (
          <p className="all-clear">No open alerts.</p>
        ) : (
          <ul className="items">
            {activity.alerts.map((alert) => (
              <li key={alert.id} className={`item item--${SEVERITY_TONES[alert.severity]}`}>
                <div className="item__head">
                  <Badge tone={SEVERITY_TONES[alert.severity]} srPrefix="Severity">
                    {alert.severity}
                  </Badge>
                  <span className="item__title">{alert.title}</span>
                  <span className="item__time">{humanize(alert.state)}</span>
                </div>
                <p className="item__text">{alert.message}</p>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
