import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { killProcesses, ownProcesses, RUN_ID_VARIABLE } from './leftover-processes';
import { SKIP_LOG_VARIABLE, type RecordedSkip } from './system-dependencies';

const root = fileURLToPath(new URL('..', import.meta.url));
const repository = root.replace(/\/$/, '');

/**
 * Global setup of every Vitest run (root and e2e configs):
 * - collects the suites skipped for a missing system program and, at the end, prints ONE line
 *   naming them with the command that installs what they need;
 * - fails the run when a process started from this checkout (server, pipeline, npm start)
 *   outlives the tests, after killing it. Only processes carrying this run's tag are looked at,
 *   so a developer's own `npm start` or a second test run in the same checkout is left alone.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'naija-monitor-skips-'));
  const log = join(dir, 'skips.jsonl');
  process.env[SKIP_LOG_VARIABLE] = log;
  // Every process the tests start inherits this tag: the check below looks for it only.
  const runId = randomUUID();
  process.env[RUN_ID_VARIABLE] = runId;

  return () => {
    let skips: RecordedSkip[] = [];
    try {
      skips = readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedSkip);
    } catch {
      // no skip was recorded
    }
    rmSync(dir, { recursive: true, force: true });
    if (skips.length > 0) {
      const installs = [...new Set(skips.map((skip) => skip.install))].join(' && ');
      const suites = [...new Set(skips.map((skip) => `${skip.suite} (no ${skip.tool})`))];
      console.warn(`\nSkipped suites: ${suites.join('; ')}. To run them: ${installs}`);
    }

    const leftovers = ownProcesses(repository, runId);
    if (leftovers.length > 0) {
      killProcesses(leftovers);
      // Vitest only logs an error thrown here; the exit code is what fails the run.
      process.exitCode = 1;
      console.error(
        `\nFAIL: processes started by the tests outlived them (killed now): ${leftovers
          .map(({ pid, command }) => `${pid} ${command}`)
          .join(
            '; ',
          )}. Stop every spawned process by its group (detached: true, process.kill(-pid)).`,
      );
    }
  };
}
