/**
 * WebSocket close codes the server sends, and what a client does on each.
 * Codes below 4000 are RFC 6455 section 7.4.1; 4001 is the server's own, and existing clients know it.
 */
export const CLOSE_CODES = {
  /** Connection rotated at its maximum age: reconnect at once. */
  NORMAL: 1000,
  /** Server going away for good (not a restart). */
  GOING_AWAY: 1001,
  /** Client kept sending invalid messages. */
  POLICY_VIOLATION: 1008,
  /** Client sent a frame over the size limit. */
  MESSAGE_TOO_BIG: 1009,
  /** Server restarting: reconnect after a jittered delay. */
  SERVICE_RESTART: 1012,
  /** Client could not keep up, or the server is overloaded: reconnect after a jittered delay. */
  TRY_AGAIN_LATER: 1013,
  /** Missing or invalid token: do not retry until the token changes. */
  UNAUTHORIZED: 4001,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The close reason sent with 4001 (the original frontend matches on it). */
export const UNAUTHORIZED_REASON = 'Unauthorized';
