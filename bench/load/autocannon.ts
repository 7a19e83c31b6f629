import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from '../ipc';

const AUTOCANNON = fileURLToPath(new URL('../../node_modules/.bin/autocannon', import.meta.url));

/** What one autocannon run reports (the fields the bench reads). */
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}

/** Options of {@link autocannon}. */
export interface AutocannonOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** Core the autocannon process is pinned to. */
  core: number;
}

/** Runs the autocannon CLI (pinned, see `pinnedCommand`) and returns its JSON report. */
export function autocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  const cannon = [AUTOCANNON, '--json', '-c', String(options.connections)];
  cannon.push('-d', String(options.durationSeconds));
  for (const [name, value] of Object.entries(options.headers ?? {}))
    cannon.push('-H', `${name}=${value}`);
  cannon.push(options.url);
  const [command, ...args] = pinnedCommand(options.core, cannon);
  return new Promise((resolve, reject) => {
    execFile(command as string, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else {
        try {
          resolve(JSON.parse(stdout) as AutocannonResult);
        } catch (parseError) {
          reject(
            new Error(`autocannon printed no JSON: ${stdout.slice(0, 200)}`, { cause: parseError }),
          );
        }
      }
    });
  });
}
