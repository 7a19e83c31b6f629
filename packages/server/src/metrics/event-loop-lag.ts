import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * The event loop's delay, sampled by `perf_hooks` and summarised every `windowMs`: how late
 * timers and I/O callbacks run, which is how late pings, handshakes and HTTP answers are. A
 * long unsliced loop (a fan-out, a big JSON) shows up here first.
 */
export class EventLoopLag {
  readonly #histogram: IntervalHistogram;
  readonly #timer: NodeJS.Timeout;
  #p99Ms: number | null = null;
  #maxMs: number | null = null;

  /** @param windowMs how often the figures are refreshed. @default 2000 */
  constructor(windowMs = 2000) {
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#roll(), windowMs);
    this.#timer.unref();
  }

  /** 99th percentile of the delay over the last window (ms); null before the first window. */
  get p99Ms(): number | null {
    return this.#p99Ms;
  }

  /** Largest delay over the last window (ms); null before the first window. */
  get maxMs(): number | null {
    return this.#maxMs;
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }

  #roll(): void {
    if (this.#histogram.count > 0) {
      // The histogram counts from the start of each sampling period, so subtract its resolution.
      this.#p99Ms = Math.max(0, this.#histogram.percentile(99) / 1e6 - 10);
      this.#maxMs = Math.max(0, this.#histogram.max / 1e6 - 10);
    }
    this.#histogram.reset();
  }
}
