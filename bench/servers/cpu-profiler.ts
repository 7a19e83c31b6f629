import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * The V8 CPU profiler of this process, started and stopped on demand, so a profile covers the
 * measured broadcasts only (not start-up or seeding, as `--cpu-prof` would).
 */
export class CpuProfiler {
  #session: Session | null = null;

  async start(): Promise<void> {
    if (this.#session) return;
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    this.#session = session;
  }

  /** Stops profiling and writes the profile (JSON, .cpuprofile) to `path`. */
  async stop(path: string): Promise<void> {
    const session = this.#session;
    if (!session) throw new Error('the profiler is not running');
    this.#session = null;
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
}
