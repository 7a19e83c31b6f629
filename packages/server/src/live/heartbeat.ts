import type { LiveClient } from './live-client';

/** Timing of keep-alives and dead-peer detection. */
export interface HeartbeatSettings {
  /** Protocol pings (and SSE comments) at most this far apart (`PING_INTERVAL`). */
  pingIntervalMs: number;
  /** A WebSocket peer silent this long is terminated (`CONNECTION_TIMEOUT`). */
  timeoutMs: number;
  /** How often the hub walks its clients; see {@link sweepIntervalMs}. */
  sweepMs: number;
}

/** What the heartbeat sweep does with one client now. */
export type HeartbeatAction = 'terminate' | 'rotate' | 'ping' | 'none';

/**
 * The sweep period: a fifth of the shorter of ping interval and timeout, so pings leave at
 * most one sweep early and a dead peer is found at most one sweep late. Never under 20 ms.
 */
export function sweepIntervalMs(pingIntervalMs: number, timeoutMs: number): number {
  return Math.max(20, Math.min(pingIntervalMs, timeoutMs) / 5);
}

/**
 * Decides, for one sweep: a WebSocket peer silent for the timeout is terminated (SSE has no
 * pongs: a dead SSE peer shows up as a backlog and the slow-client policy closes it); a
 * connection past its rotation time is rotated; one whose last ping would be a full interval
 * old by the next sweep is pinged now.
 */
export function heartbeatAction(
  client: Pick<LiveClient, 'transport' | 'lastSeenAt' | 'lastHeartbeatAt' | 'rotateAt'>,
  now: number,
  settings: HeartbeatSettings,
): HeartbeatAction {
  if (client.transport === 'websocket' && now - client.lastSeenAt >= settings.timeoutMs)
    return 'terminate';
  if (now >= client.rotateAt) return 'rotate';
  if (now - client.lastHeartbeatAt + settings.sweepMs > settings.pingIntervalMs) return 'ping';
  return 'none';
}
