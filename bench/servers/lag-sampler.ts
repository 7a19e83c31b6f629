import { performance } from 'node:perf_hooks';

/**
 * Measures event-loop delay during a window: a 1 ms timer re-armed after every firing records
 * how late it fired. A loop blocked for 250 ms shows up as one 250 ms sample. Raw samples are
 * returned, so that the windows of several broadcasts can be pooled before taking a p99
 * (`monitorEventLoopDelay`'s percentiles over a few dozen samples are too coarse).
 */
export class LagSampler {
  #samples: number[] = [];
  #timer: NodeJS.Timeout | null = null;
  #expectedAt = 0;

  /** Starts a window (discarding any running one). */
  start(resolutionMs = 1): void {
    this.stop();
    this.#samples = [];
    const tick = () => {
      const now = performance.now();
      this.#samples.push(Math.max(0, now - this.#expectedAt));
      this.#expectedAt = now + resolutionMs;
      this.#timer = setTimeout(tick, resolutionMs);
    };
    this.#expectedAt = performance.now() + resolutionMs;
    this.#timer = setTimeout(tick, resolutionMs);
  }

  /** Ends the window; returns how late (ms) each firing was, one entry per firing. */
  stop(): number[] {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const samples = this.#samples;
    this.#samples = [];
    // The delay accumulated up to now counts too: a window that ends while the loop has just
    // been blocked would otherwise miss its largest sample.
    if (this.#expectedAt > 0) samples.push(Math.max(0, performance.now() - this.#expectedAt));
    this.#expectedAt = 0;
    return samples;
  }
}
