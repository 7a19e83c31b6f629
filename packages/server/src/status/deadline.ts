import { DeadlineExceededError } from '../errors';

export { DeadlineExceededError };

/**
 * Settles like `work`, or rejects with {@link DeadlineExceededError} after `timeoutMs`. The
 * work itself is not cancelled (a driver has no way to), only no longer waited for; its late
 * failure is swallowed so it never surfaces as an unhandled rejection.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, timeoutMs)), timeoutMs);
    timer.unref();
  });
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
