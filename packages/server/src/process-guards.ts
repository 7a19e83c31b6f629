/**
 * Defence in depth for the server process: an exception or rejection that nothing handled is a
 * bug (every input path catches its own errors), and the process state after it is unknown.
 * Log it, close the app within a deadline (live clients get 1012 and reconnect elsewhere, the
 * database and Redis are released), then exit non-zero so the supervisor restarts it. Never
 * relied on: a test that reaches it fails.
 */

/** What the guards need of the app. */
export interface GuardedApp {
  log: { fatal(obj: object, msg: string): void; error(obj: object, msg: string): void };
  close(): Promise<unknown>;
}

/** Options of {@link installProcessGuards}. */
export interface ProcessGuardOptions {
  /** Longest wait for `app.close()` before exiting anyway. @default 5000 */
  closeTimeoutMs?: number;
  /** The process to guard. @default process */
  target?: GuardedProcess;
}

/** What the guards use of `process`. */
export interface GuardedProcess {
  on(event: string, listener: (error: unknown) => void): unknown;
  off(event: string, listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

/** Exit status after an uncaught exception or unhandled rejection. */
export const UNCAUGHT_EXIT_CODE = 70; // EX_SOFTWARE (sysexits.h): an internal error

/**
 * Installs `uncaughtException` and `unhandledRejection` handlers that log, close `app` and exit
 * with {@link UNCAUGHT_EXIT_CODE}. Returns a function that removes them.
 */
export function installProcessGuards(
  app: GuardedApp,
  options: ProcessGuardOptions = {},
): () => void {
  const target = options.target ?? process;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  let exiting = false;
  const fail = (kind: string, error: unknown): void => {
    app.log.fatal(
      { err: error, kind },
      `${kind}: closing and exiting (this is a bug; please report it)`,
    );
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => target.exit(UNCAUGHT_EXIT_CODE), closeTimeoutMs);
    timer.unref();
    Promise.resolve()
      .then(() => app.close())
      .catch((closeError: unknown) =>
        app.log.error({ err: closeError }, 'closing after a fatal error failed'),
      )
      .finally(() => {
        clearTimeout(timer);
        target.exit(UNCAUGHT_EXIT_CODE);
      });
  };
  const onException = (error: unknown): void => fail('uncaughtException', error);
  const onRejection = (reason: unknown): void => fail('unhandledRejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
