import { CLOSE_CODES } from '@naija-monitor/protocol';
import type { ServerCloseCause } from './live-client';

/** The WebSocket close code and reason the server sends for each cause (reasons ≤ 123 bytes). */
export const CLOSE_FOR_CAUSE: Record<ServerCloseCause, { code: number; reason: string }> = {
  max_age: { code: CLOSE_CODES.NORMAL, reason: 'Connection rotated; reconnect' },
  slow: { code: CLOSE_CODES.TRY_AGAIN_LATER, reason: 'Client too slow; reconnect later' },
  policy: { code: CLOSE_CODES.POLICY_VIOLATION, reason: 'Too many invalid messages' },
  flood: { code: CLOSE_CODES.POLICY_VIOLATION, reason: 'Too many messages' },
  shutdown: { code: CLOSE_CODES.SERVICE_RESTART, reason: 'Server restarting; reconnect shortly' },
  // A peer that answers no ping is not sent anything: it is terminated (see heartbeat.ts).
  timeout: { code: CLOSE_CODES.GOING_AWAY, reason: 'Connection timed out' },
};

/** How long a politely closed connection may take to finish its closing handshake. */
export const CLOSE_GRACE_MS = 2000;
