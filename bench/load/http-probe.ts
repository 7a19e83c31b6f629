import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Sends one small HTTP request after another to a server during a window and records how
 * long each took: a server whose event loop is blocked by a broadcast answers late.
 */
export class HttpProbe {
  readonly #url: string;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  #running = false;
  #latenciesMs: number[] = [];
  #failures = 0;
  #done: Promise<void> = Promise.resolve();

  constructor(url: string) {
    this.#url = url;
  }

  /** Starts probing; a request every `gapMs` after the previous answer. */
  start(gapMs = 5): void {
    this.#running = true;
    this.#latenciesMs = [];
    this.#failures = 0;
    this.#done = (async () => {
      while (this.#running) {
        const began = performance.now();
        const ok = await this.#get();
        if (ok) this.#latenciesMs.push(performance.now() - began);
        else this.#failures++;
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    })();
  }

  /** Stops probing and returns the request latencies (ms) and failures of the window. */
  async stop(): Promise<{ latenciesMs: number[]; failures: number }> {
    this.#running = false;
    await this.#done;
    return { latenciesMs: this.#latenciesMs, failures: this.#failures };
  }

  close(): void {
    this.#agent.destroy();
  }

  #get(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request(this.#url, { agent: this.#agent, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 200));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  }
}
