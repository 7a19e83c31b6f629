/**
 * The client's connection state machine: pure, no timers, no I/O. `client.ts` feeds it events
 * and performs the side effects the new state calls for.
 *
 * ```
 *                 start / resume
 *  disconnected ─────────────────▶ connecting ───────── opened(websocket|sse) ──────┐
 *       ▲                              │                                            ▼
 *       │                              │ round-failed                           connected ◀─┐
 *       │ stop                         ▼                                            │       │
 *       │ (close(), 4001/401,     reconnecting ◀──────────── dropped ───────────────┘       │
 *       │  page hidden, offline)   │  ▲    │     (socket closed, 1000/1012/1013,            │
 *       │  from every state        │  │    │      watchdog: no update in 3 intervals)      │
 *       │                          └──┘    │                                                │
 *       │        round-failed, attempt < max                                                │
 *       │                                  │ round-failed, attempt >= max                   │
 *       │                                  ▼   (or no streaming transport configured)       │
 *       └──────────────────────────────  polling ── opened(websocket|sse) by the probe ─────┘
 *                                        │  ▲
 *                                        └──┘ poll-failed (attempt + 1) / opened(polling) (attempt = 0)
 * ```
 *
 * A "round" tries each streaming transport once, in order; it fails when none delivers an
 * update. `attempt` counts consecutive failed rounds (or failed polls while polling), and is
 * reset by any update.
 */

/** The five states of the contract's connection indicator (plus `connecting` at first start). */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'polling' | 'disconnected';

/** The transports, in the contract's default order of preference. */
export type TransportName = 'websocket' | 'sse' | 'polling';

/** What the machine tracks. */
export interface MachineState {
  readonly state: ConnectionState;
  /** Consecutive failed rounds, or failed polls while polling. */
  readonly attempt: number;
}

/** Everything that moves the machine. */
export type MachineEvent =
  /** `start()`, or the end of a pause (page visible again, back online). */
  | { type: 'start' }
  /** A transport delivered an update (the first one, or one after failures). */
  | { type: 'opened'; transport: TransportName }
  /** A streaming transport that had worked ended. */
  | { type: 'dropped' }
  /** Every streaming transport of a round failed. */
  | { type: 'round-failed'; maxAttempts: number; canPoll: boolean }
  /** Fall back to polling at once (no streaming transport is configured). */
  | { type: 'poll' }
  /** One poll failed. */
  | { type: 'poll-failed' }
  /** `close()`, unauthorized, page hidden or offline. */
  | { type: 'stop' };

/** The machine before `start()`. */
export const INITIAL_MACHINE_STATE: MachineState = { state: 'disconnected', attempt: 0 };

/** The next machine state; returns `current` itself when the event does not apply. */
export function transition(current: MachineState, event: MachineEvent): MachineState {
  const { state, attempt } = current;
  switch (event.type) {
    case 'start':
      return state === 'disconnected' ? { state: 'connecting', attempt: 0 } : current;
    case 'opened': {
      if (state === 'disconnected') return current; // a late event from a torn-down transport
      const next: ConnectionState = event.transport === 'polling' ? 'polling' : 'connected';
      return next === state && attempt === 0 ? current : { state: next, attempt: 0 };
    }
    case 'dropped':
      return state === 'connected' ? { state: 'reconnecting', attempt: 0 } : current;
    case 'round-failed': {
      if (state !== 'connecting' && state !== 'reconnecting') return current;
      const failures = attempt + 1;
      const giveUp = event.canPoll && failures >= event.maxAttempts;
      return { state: giveUp ? 'polling' : 'reconnecting', attempt: failures };
    }
    case 'poll':
      return state === 'disconnected' || state === 'polling'
        ? current
        : { state: 'polling', attempt };
    case 'poll-failed':
      return state === 'polling' ? { state, attempt: attempt + 1 } : current;
    case 'stop':
      return state === 'disconnected' && attempt === 0 ? current : INITIAL_MACHINE_STATE;
  }
}
