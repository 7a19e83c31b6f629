import { useEffect, useState } from 'react';

/**
 * The current time (epoch ms), re-rendering every `intervalMs`. The dashboard keeps one of
 * these at the top so every "N s ago" ticks together and panels stay pure.
 * @param intervalMs tick period. @default 1000
 */
export function useNow(intervalMs = 1000): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return nowMs;
}
