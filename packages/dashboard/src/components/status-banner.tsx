import type { StatusDocument } from '@naija-monitor/protocol';
import { formatClock, formatDateTime, secondsSince } from '../format';
import type { ConnectionError, ConnectionState } from '../snapshot';

/** Props of {@link StatusBanner}. */
export interface StatusBannerProps {
  state: ConnectionState;
  error: ConnectionError | null;
  status: StatusDocument | null;
  receivedAt: number | null;
  nowMs: number;
  apiUrl: string;
}

/**
 * Says what is wrong, above the panels, while they keep the last good data: the token was
 * refused (close code 4001), live updates are interrupted, or the server itself serves stale
 * data. The headline is an alert; the ticking age sits outside it so it is not re-announced.
 */
export function StatusBanner({
  state,
  error,
  status,
  receivedAt,
  nowMs,
  apiUrl,
}: StatusBannerProps) {
  const kept =
    receivedAt === null ? null : (
      <p className="banner__detail" data-testid="last-received">
        Showing the last data, received at{' '}
        <time dateTime={new Date(receivedAt).toISOString()}>{formatClock(receivedAt)}</time> (
        {secondsSince(receivedAt, nowMs)} s ago).
      </p>
    );

  if (error?.code === 'unauthorized') {
    return (
      <div className="banner banner--bad" data-testid="status-banner">
        <p className="banner__headline" role="alert">
          Unauthorized: the monitor refused this dashboard&apos;s access token. Live updates are
          stopped.
        </p>
        <p className="banner__detail">
          Set a valid token in <code>/config.js</code> or the <code>?token=</code> parameter, then
          reload.
        </p>
        {kept}
      </div>
    );
  }

  // Polling is a working mode (the indicator says so), not an interruption.
  const interrupted =
    state === 'reconnecting' ||
    state === 'disconnected' ||
    (state === 'connecting' && error !== null);
  if (interrupted || (status === null && error !== null)) {
    const reason = error?.message ? `: ${error.message}` : '';
    return (
      <div className="banner banner--warn" data-testid="status-banner">
        <p className="banner__headline" role="alert">
          {status === null
            ? `Cannot reach the monitor at ${apiUrl}${reason}.`
            : `Live updates interrupted${reason}.`}
          {state === 'disconnected' ? '' : ' Retrying automatically.'}
        </p>
        {kept}
      </div>
    );
  }

  if (status?.system_health.stale) {
    const dbError = status.system_health.database.error;
    return (
      <div className="banner banner--warn" data-testid="status-banner">
        <p className="banner__headline" role="alert">
          The monitor could not refresh its data{dbError ? ` (database: ${dbError})` : ''}.
        </p>
        <p className="banner__detail">
          Figures are as of {formatDateTime(status.system_health.data_as_of)}.
        </p>
      </div>
    );
  }

  return null;
}
