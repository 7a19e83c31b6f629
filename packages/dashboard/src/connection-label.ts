import type { ConnectionState, PauseReason, TransportName } from './snapshot';

/** The four indicator labels of the contract, spelled exactly as the seed's dashboard did. */
export const CONNECTION_LABELS = {
  realtime: 'Real-time Updates',
  polling: 'Polling Mode',
  reconnecting: 'Reconnecting...',
  disconnected: 'Disconnected',
} as const;

/** One of {@link CONNECTION_LABELS}. */
export type ConnectionLabel = (typeof CONNECTION_LABELS)[keyof typeof CONNECTION_LABELS];

/** Colour family of the indicator (the label text carries the meaning; colour only helps). */
export type ConnectionTone = 'good' | 'warn' | 'bad' | 'off';

/** What the indicator shows for one connection state. */
export interface ConnectionDescription {
  label: ConnectionLabel;
  tone: ConnectionTone;
  /** Transport or progress shown beside the label, e.g. `WebSocket` or `attempt 3`. */
  detail: string | null;
}

/** Human names of the transports. */
export const TRANSPORT_NAMES: Record<TransportName, string> = {
  websocket: 'WebSocket',
  sse: 'Server-Sent Events',
  polling: 'HTTP polling',
};

/** Maps the client's state and transport to the contract's label, a tone and a detail. */
export function describeConnection(
  state: ConnectionState,
  transport: TransportName | null,
  attempt: number,
  paused: PauseReason | null = null,
): ConnectionDescription {
  switch (state) {
    case 'connected':
      // A client that settled on HTTP reports `connected` over `polling`: that is still polling.
      if (transport === 'polling')
        return { label: CONNECTION_LABELS.polling, tone: 'warn', detail: TRANSPORT_NAMES.polling };
      return {
        label: CONNECTION_LABELS.realtime,
        tone: 'good',
        detail: transport ? TRANSPORT_NAMES[transport] : null,
      };
    case 'polling':
      return { label: CONNECTION_LABELS.polling, tone: 'warn', detail: TRANSPORT_NAMES.polling };
    case 'connecting':
      return {
        label: CONNECTION_LABELS.reconnecting,
        tone: 'warn',
        detail: attempt > 0 ? `attempt ${attempt}` : 'connecting',
      };
    case 'reconnecting':
      return {
        label: CONNECTION_LABELS.reconnecting,
        tone: 'bad',
        detail: attempt > 0 ? `attempt ${attempt}` : null,
      };
    case 'disconnected':
      return {
        label: CONNECTION_LABELS.disconnected,
        tone: 'off',
        detail:
          paused === 'hidden'
            ? 'paused while hidden'
            : paused === 'offline'
              ? 'browser offline'
              : null,
      };
  }
}
