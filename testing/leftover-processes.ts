import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Programs of this repository that tests start: servers, pipelines and their launchers. */
const PROGRAMS = [
  'server/src/main.ts',
  'server/dist/main.js',
  'pipeline/src/cli.ts',
  'pipeline/dist/cli.js',
  'scripts/start.mjs',
  'scripts/cluster.mjs',
  // The packed bins in a scratch install (e2e/packaging.test.ts).
  'bin/naija-monitor',
];

/** A process of this checkout, as found in /proc. */
export interface OwnProcess {
  pid: number;
  command: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile, or is not ours to read
  }
}

/** The parent of `pid`, from /proc/<pid>/stat (after the parenthesised command name). */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isInteger(parent) && parent > 0 ? parent : undefined;
}

/** This process and its ancestors: never reported, never killed. */
function selfAndAncestors(): Set<number> {
  const chain = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !chain.has(pid); pid = parentOf(pid)) {
    chain.add(pid);
  }
  return chain;
}

/** Environment variable the global setup sets to tag the processes one test run starts. */
export const RUN_ID_VARIABLE = 'NAIJA_TEST_RUN_ID';

/**
 * Processes running one of this project's programs, other than this process and its ancestors.
 * With `runId`: those started by that test run, wherever they run (they inherit its
 * {@link RUN_ID_VARIABLE}; a scratch install in /tmp included), so a second run in the same
 * checkout or a developer's own `npm start` is never touched. Without: those of this checkout
 * (`root` in their command line or working directory). Linux only (empty elsewhere).
 */
export function ownProcesses(root: string, runId?: string): OwnProcess[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const excluded = selfAndAncestors();
  const found: OwnProcess[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || excluded.has(pid)) continue;
    const command = read(`/proc/${pid}/cmdline`)?.split('\0').join(' ').trim();
    if (!command || command.includes('vitest')) continue;
    if (!PROGRAMS.some((program) => command.includes(program))) continue;
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone, or not readable: judge by the command line alone
    }
    if (runId !== undefined) {
      const environment = read(`/proc/${pid}/environ`)?.split('\0') ?? [];
      if (environment.includes(`${RUN_ID_VARIABLE}=${runId}`)) found.push({ pid, command });
    } else if (command.includes(root) || cwd === root || cwd.startsWith(`${root}/`)) {
      found.push({ pid, command });
    }
  }
  return found;
}

/** Stops `found` for good: its process group first (it may have children), then the process. */
export function killProcesses(found: readonly OwnProcess[]): void {
  for (const { pid } of found) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // not a group leader, or already gone
      }
    }
  }
}
