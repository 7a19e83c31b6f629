import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirLockedError, type LockHolder } from '../errors';

/**
 * One process per embedded database. PGlite takes no lock on its data directory, so two
 * processes that open the same one (a second `npm start`, `npm run migrate` while the server
 * runs) interleave their pages and can leave an index pointing at the wrong rows. Every process
 * that opens a PGlite directory first creates `<dir>/monitor.lock` with `O_EXCL` and keeps it
 * until it exits; a lock left by a process that died (SIGKILL, power loss) is taken over.
 */

/** The file name of the lock inside the data directory. */
export const LOCK_FILE_NAME = 'monitor.lock';

/** A held lock. `release` is idempotent and also runs when the process exits. */
export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

const MAX_ATTEMPTS = 5;

/**
 * Takes the exclusive lock of the PGlite data directory `dataDir` (created if missing), or
 * throws {@link DataDirLockedError} naming the live holder. Released on `release()` and on
 * process exit (normal, or `process.exit` from a SIGTERM/SIGINT handler); a SIGKILLed holder's
 * lock is taken over by the next process (its pid no longer exists on this host).
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(resolve(dataDir), LOCK_FILE_NAME);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    purpose,
  };
  const content = JSON.stringify(holder);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (tryCreate(path, content)) return held(path, holder, content);
    const existing = readLock(path);
    if (existing === undefined) continue; // removed meanwhile: try again
    const verdict = judge(existing.holder);
    if (verdict !== 'dead') {
      throw new DataDirLockedError(path, existing.holder, lockedMessage(path, existing, verdict));
    }
    takeOver(path, existing.raw);
  }
  throw new DataDirLockedError(
    path,
    null,
    `could not take the lock ${path}: other processes keep taking it; stop them and retry`,
  );
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { raw: string; holder: LockHolder | null } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { raw, holder: parseHolder(raw) };
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      Number.isInteger(value.pid) &&
      value.pid > 0 &&
      typeof value.host === 'string' &&
      typeof value.startedAt === 'string'
    ) {
      return {
        pid: value.pid,
        host: value.host,
        startedAt: value.startedAt,
        purpose: typeof value.purpose === 'string' ? value.purpose : 'unknown',
      };
    }
  } catch {
    // Torn or foreign content: judged below.
  }
  return null;
}

type Verdict = 'alive' | 'dead' | 'other-host' | 'unreadable';

/** Whether the holder still runs. Only a pid on this host can be checked. */
function judge(holder: LockHolder | null): Verdict {
  // A file being written this instant may still be empty: treated as held, never stolen.
  if (holder === null) return 'unreadable';
  if (holder.host !== hostname()) return 'other-host';
  if (holder.pid === process.pid) return 'alive';
  try {
    process.kill(holder.pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
}

function lockedMessage(
  path: string,
  existing: { raw: string; holder: LockHolder | null },
  verdict: Verdict,
): string {
  const { holder } = existing;
  const dir = resolve(path, '..');
  if (holder === null) {
    return (
      `data directory ${dir} is locked by ${path}, whose content is not a lock this monitor ` +
      `wrote; if no monitor or migration uses ${dir}, delete ${path} and start again`
    );
  }
  const who = `pid ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.startedAt})`;
  const remedy =
    verdict === 'other-host'
      ? `it cannot be checked from this host; if that process is gone, delete ${path}`
      : `stop it first (kill ${holder.pid}), or give this process another DATA_DIR`;
  return (
    `data directory ${dir} is in use by ${who}: two processes on one embedded database ` +
    `corrupt it; ${remedy}`
  );
}

/**
 * Removes a dead holder's lock. Renamed aside first, then checked: if another process took it
 * over in between, its fresh lock is put back (link fails if yet another one exists).
 */
function takeOver(path: string, staleRaw: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== staleRaw) {
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
}

function held(path: string, holder: LockHolder, content: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      // Only our own lock: never delete one another process took over.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return { path, holder, release };
}
