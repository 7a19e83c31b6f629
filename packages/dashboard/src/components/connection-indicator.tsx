import { describeConnection } from '../connection-label';
import type { ConnectionState, PauseReason, TransportName } from '../snapshot';

/** Props of {@link ConnectionIndicator}. */
export interface ConnectionIndicatorProps {
  state: ConnectionState;
  transport: TransportName | null;
  attempt: number;
  paused?: PauseReason | null;
  /** Epoch ms of the next reconnect try, shown as a countdown. */
  nextRetryAt?: number | null;
  nowMs?: number;
}

/**
 * The contract's connection label ("Real-time Updates", "Polling Mode", "Reconnecting...",
 * "Disconnected") with the transport. The label sits in a polite live region, so a screen
 * reader hears every change; the attempt counter stays outside it to avoid chatter.
 */
export function ConnectionIndicator({
  state,
  transport,
  attempt,
  paused = null,
  nextRetryAt = null,
  nowMs,
}: ConnectionIndicatorProps) {
  const described = describeConnection(state, transport, attempt, paused);
  const { label, tone } = described;
  const steady = state === 'connected' || state === 'polling';
  let detail = described.detail;
  if (!steady && nextRetryAt !== null && nowMs !== undefined) {
    const retry = `retry in ${Math.max(0, Math.ceil((nextRetryAt - nowMs) / 1000))} s`;
    detail = detail ? `${detail} · ${retry}` : retry;
  }
  return (
    <div className={`connection connection--${tone}`} data-state={state}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">
        <span
          className="connection__label"
          role="status"
          aria-live="polite"
          aria-atomic="true"
          data-testid="connection-label"
        >
          {label}
          {steady && detail !== null && <span className="visually-hidden">{` via ${detail}`}</span>}
        </span>
        <span className="connection__detail" aria-hidden={steady ? 'true' : undefined}>
          {detail ?? '\u00a0'}
        </span>
      </span>
    </div>
  );
}
