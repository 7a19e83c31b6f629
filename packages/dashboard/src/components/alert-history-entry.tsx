import type { AlertHistoryItem } from '../console/types';
import { formatDateTime, humanize } from '../format';
import { Badge } from './badge';
import { ALERT_STATE_TONES, SEVERITY_TONES } from './tones';

/** Transitions an operator made: "silenced by X until Y", not "firing → silenced". */
const OPERATOR_ACTIONS: ReadonlySet<string> = new Set([
  'acknowledged',
  'unacknowledged',
  'silenced',
  'unsilenced',
]);

/** One alert of the history with its transitions and who acted. */
export function AlertHistoryEntry({ alert }: { alert: AlertHistoryItem }) {
  const transitions = alert.transitions ?? [];
  const ackBy = alert.acknowledged_by ?? alert.acknowledgement?.by ?? null;
  const ackAt = alert.acknowledged_at ?? alert.acknowledgement?.at ?? null;
  return (
    <li className={`item item--${SEVERITY_TONES[alert.severity]}`} data-testid="history-entry">
      <div className="item__head">
        <Badge tone={SEVERITY_TONES[alert.severity]} srPrefix="Severity">
          {alert.severity}
        </Badge>
        <Badge tone={ALERT_STATE_TONES[alert.state]} srPrefix="State">
          {alert.state}
        </Badge>
        <span className="item__title">{alert.title}</span>
        <span className="item__time">
          <time dateTime={alert.started_at}>{formatDateTime(alert.started_at)}</time>
        </span>
      </div>
      <p className="item__text">{alert.message}</p>
      <p className="item__meta">
        <span>{humanize(alert.rule)}</span>
        {Object.entries(alert.labels).map(([key, value]) => (
          <span key={key}>
            {key}: {value}
          </span>
        ))}
        {ackBy && (
          <span className="text-good">
            acknowledged by {ackBy}
            {ackAt && <> at {formatDateTime(ackAt)}</>}
          </span>
        )}
        {alert.silenced_by && (
          <span className="text-warn">
            silenced by {alert.silenced_by}
            {alert.silenced_until && <> until {formatDateTime(alert.silenced_until)}</>}
          </span>
        )}
      </p>
      {transitions.length > 0 && (
        <ol className="transitions" aria-label="Transitions">
          {transitions.map((transition) => (
            <li key={`${transition.at}-${transition.to}`} data-testid="transition">
              <time dateTime={transition.at}>{formatDateTime(transition.at)}</time>{' '}
              {transition.from && !OPERATOR_ACTIONS.has(transition.to)
                ? `${transition.from} → `
                : ''}
              {transition.to}
              {transition.actor && <> by {transition.actor}</>}
              {transition.to === 'unsilenced' && !transition.actor && <>: the silence ran out</>}
              {transition.until && (
                <>
                  {' '}
                  until <time dateTime={transition.until}>{formatDateTime(transition.until)}</time>
                </>
              )}
              {transition.comment && <> — “{transition.comment}”</>}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
