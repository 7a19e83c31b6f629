import type { StateActivity, StateEvent } from '../console/types';
import { formatCount, formatDateTime, formatQuantity, humanize, NO_VALUE } from '../format';
import { Panel } from './panel';

/** Event dates are calendar days as extracted (`YYYY-MM-DD`); a full time is shown in full. */
function formatEventDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value);
}

/** Props of {@link StateDetail}. */
export interface StateDetailProps {
  state: string;
  activity: StateActivity | null;
  events: readonly StateEvent[] | null;
  error: string | null;
}

/** A chosen state: its events in the range, newest first, and the sources that report it. */
export function StateDetail({ state, activity, events, error }: StateDetailProps) {
  return (
    <Panel
      id="state-detail"
      title={state}
      className="panel--list"
      aside={activity ? formatQuantity(activity.events, 'event') : undefined}
    >
      <div data-testid="state-detail">
        {activity && (
          <p className="item__meta">
            <span>
              Reported by:{' '}
              {activity.sources.length > 0
                ? activity.sources.join(', ')
                : 'no source in this range'}
            </span>
          </p>
        )}
        {error && (
          <p className="text-bad" role="alert">
            {error}
          </p>
        )}
        {events === null && !error && <p className="muted">Loading events…</p>}
        {events?.length === 0 && <p className="all-clear">No events in this range.</p>}
        {events && events.length > 0 && (
          <ul className="items">
            {events.map((event) => (
              <li key={event.id} className="item item--neutral" data-testid="state-event">
                <div className="item__head">
                  <span className="item__title">
                    {event.url ? (
                      <a
                        className="link"
                        href={event.url}
                        rel="noreferrer noopener"
                        target="_blank"
                      >
                        {event.title ?? humanize(event.event_type)}
                      </a>
                    ) : (
                      (event.title ?? humanize(event.event_type))
                    )}
                  </span>
                  <span className="item__time">
                    <time dateTime={event.occurred_at}>{formatEventDate(event.occurred_at)}</time>
                  </span>
                </div>
                <p className="item__meta">
                  <span>{humanize(event.event_type)}</span>
                  <span>LGA {event.lga ?? NO_VALUE}</span>
                  <span>
                    fatalities{' '}
                    {event.fatalities === null ? NO_VALUE : formatCount(event.fatalities)}
                  </span>
                  {event.source && <span>via {event.source}</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
