import type { ChildProcess } from 'node:child_process';

/**
 * Options every test spawner passes so its child leads a process group of its own: `npm start`,
 * `tsx` and nginx start children of their own, and signalling only the direct child would leave
 * those running after the tests (the global setup fails the run when one does).
 */
export const OWN_PROCESS_GROUP = { detached: true } as const;

/**
 * Node flags for running a workspace entry point from its TypeScript sources through tsx: the
 * "source" export condition resolves `@naija-monitor/*` imports to `src/` (no build needed).
 */
export const TSX_SOURCE_ARGS = ['--conditions=source', '--import', 'tsx'] as const;

/** Sends `signal` to the whole group `child` leads (spawned with {@link OWN_PROCESS_GROUP}). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone (or the child was not a group leader): signal the child alone.
    try {
      child.kill(signal);
    } catch {
      // already exited
    }
  }
}

/** True while any process of the group `pid` leads is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends `signal` to the group `child` leads and waits until every process in it has exited
 * (grandchildren too); after `timeoutMs` the group is killed outright.
 */
export async function stopGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 15_000,
): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  killGroup(child, signal);
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
