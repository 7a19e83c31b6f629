import { describeConnection } from '../connection-label';
import type { ConnectionState, TransportName } from '../snapshot';

/** Props of {@link ConnectionIndicator}. */
export interface ConnectionIndicatorProps {
  state: ConnectionState;
  transport: TransportName | null;
  attempt: number;
}

/**
 * The contract's connection label ("Real-time Updates", "Polling Mode", "Reconnecting...",
 * "Disconnected") with the transport. The label sits in a polite live region, so a screen
 * reader hears every change; the attempt counter stays outside it to avoid chatter.
 */
export function ConnectionIndicator({ state, transport, attempt }: ConnectionIndicatorProps) {
  const { label, tone, detail } = describeConnection(state, transport, attempt);
  const steady = state === 'connected' || state === 'polling';
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
