import { describe } from 'vitest';

const redisUrl = process.env.REDIS_URL;

/** Why the Redis suites are skipped, or null when `REDIS_URL` is set. */
export const REDIS_SKIP_REASON = redisUrl
  ? null
  : 'REDIS_URL is not set: Redis integration tests skipped (start one: redis-server, then REDIS_URL=redis://127.0.0.1:6379)';
if (REDIS_SKIP_REASON) console.warn(`[skip] ${REDIS_SKIP_REASON}`);

/**
 * `describe` against a real Redis: skipped, with the reason printed above, when `REDIS_URL` is
 * not set. `body` gets the URL (each suite keeps its keys apart with its own prefix).
 */
export function describeOnRedis(title: string, body: (url: string) => void): void {
  describe.skipIf(REDIS_SKIP_REASON !== null)(title, () => body(redisUrl ?? ''));
}
