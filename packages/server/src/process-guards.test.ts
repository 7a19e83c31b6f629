import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installProcessGuards, UNCAUGHT_EXIT_CODE } from './process-guards';

/** A stand-in process: an emitter whose `exit` records the code (the real one would end the test run). */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const target = Object.assign(emitter, {
    exit: (code: number) => {
      exits.push(code);
    },
  });
  return { target, exits };
}

function fakeApp(close: () => Promise<unknown>) {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    app: {
      log: {
        fatal: (obj: object, msg: string) => lines.push({ level: 'fatal', obj, msg }),
        error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
      },
      close: vi.fn(close),
    },
  };
}

describe('installProcessGuards', () => {
  it('logs an uncaught exception, closes the app, then exits non-zero', async () => {
    const { target, exits } = fakeProcess();
    const { app, lines } = fakeApp(async () => {});
    const remove = installProcessGuards(app, { target });
    target.emit('uncaughtException', new Error('boom'));
    await vi.waitFor(() => expect(exits).toEqual([UNCAUGHT_EXIT_CODE]));
    expect(app.close).toHaveBeenCalledOnce();
    expect(lines[0]).toMatchObject({ level: 'fatal', obj: { kind: 'uncaughtException' } });
    remove();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  it('does the same for an unhandled rejection, once, even when closing fails', async () => {
    const { target, exits } = fakeProcess();
    const { app, lines } = fakeApp(async () => {
      throw new Error('close failed');
    });
    installProcessGuards(app, { target });
    target.emit('unhandledRejection', new Error('first'));
    target.emit('unhandledRejection', new Error('second'));
    await vi.waitFor(() => expect(exits).toEqual([UNCAUGHT_EXIT_CODE]));
    expect(app.close).toHaveBeenCalledOnce();
    expect(lines.filter((line) => line.level === 'fatal')).toHaveLength(2);
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('exits after the deadline when closing hangs', async () => {
    vi.useFakeTimers();
    try {
      const { target, exits } = fakeProcess();
      const { app } = fakeApp(() => new Promise(() => {}));
      installProcessGuards(app, { target, closeTimeoutMs: 1000 });
      target.emit('uncaughtException', new Error('boom'));
      await vi.advanceTimersByTimeAsync(999);
      expect(exits).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(exits).toEqual([UNCAUGHT_EXIT_CODE]);
    } finally {
      vi.useRealTimers();
    }
  });
});
