import { describe, expect, it } from 'vitest';
import {
  INITIAL_MACHINE_STATE,
  transition,
  type MachineEvent,
  type MachineState,
} from './state-machine';

const run = (events: MachineEvent[], from: MachineState = INITIAL_MACHINE_STATE): MachineState =>
  events.reduce(transition, from);
const failed: MachineEvent = { type: 'round-failed', maxAttempts: 3, canPoll: true };

describe('connection state machine', () => {
  it('goes disconnected → connecting → connected, and back to reconnecting on a drop', () => {
    expect(run([{ type: 'start' }])).toEqual({ state: 'connecting', attempt: 0 });
    expect(run([{ type: 'start' }, { type: 'opened', transport: 'websocket' }])).toEqual({
      state: 'connected',
      attempt: 0,
    });
    expect(
      run([{ type: 'start' }, { type: 'opened', transport: 'sse' }, { type: 'dropped' }]),
    ).toEqual({ state: 'reconnecting', attempt: 0 });
  });

  it('counts failed rounds and falls back to polling at maxAttempts', () => {
    expect(run([{ type: 'start' }, failed])).toEqual({ state: 'reconnecting', attempt: 1 });
    expect(run([{ type: 'start' }, failed, failed])).toEqual({ state: 'reconnecting', attempt: 2 });
    expect(run([{ type: 'start' }, failed, failed, failed])).toEqual({
      state: 'polling',
      attempt: 3,
    });
  });

  it('never falls back to polling when polling is not allowed', () => {
    const noPoll: MachineEvent = { type: 'round-failed', maxAttempts: 1, canPoll: false };
    expect(run([{ type: 'start' }, noPoll, noPoll, noPoll])).toEqual({
      state: 'reconnecting',
      attempt: 3,
    });
  });

  it('counts failed polls, resets on a good one, and leaves polling when a probe opens a stream', () => {
    const polling = run([{ type: 'start' }, { type: 'poll' }]);
    expect(polling).toEqual({ state: 'polling', attempt: 0 });
    const twice = run([{ type: 'poll-failed' }, { type: 'poll-failed' }], polling);
    expect(twice).toEqual({ state: 'polling', attempt: 2 });
    expect(transition(twice, { type: 'opened', transport: 'polling' })).toEqual({
      state: 'polling',
      attempt: 0,
    });
    expect(transition(twice, { type: 'opened', transport: 'websocket' })).toEqual({
      state: 'connected',
      attempt: 0,
    });
  });

  it('stops from every state, and ignores late events once stopped', () => {
    for (const from of ['connecting', 'connected', 'reconnecting', 'polling'] as const) {
      expect(transition({ state: from, attempt: 4 }, { type: 'stop' })).toEqual(
        INITIAL_MACHINE_STATE,
      );
    }
    for (const late of [
      { type: 'opened', transport: 'websocket' },
      { type: 'dropped' },
      failed,
      { type: 'poll' },
      { type: 'poll-failed' },
    ] satisfies MachineEvent[]) {
      expect(transition(INITIAL_MACHINE_STATE, late)).toBe(INITIAL_MACHINE_STATE);
    }
  });

  it('returns the same object when nothing changes (cheap change detection)', () => {
    const connected: MachineState = { state: 'connected', attempt: 0 };
    expect(transition(connected, { type: 'start' })).toBe(connected);
    expect(transition(connected, { type: 'opened', transport: 'websocket' })).toBe(connected);
    expect(transition(connected, failed)).toBe(connected);
  });
});
