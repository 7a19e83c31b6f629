import { readFileSync } from 'node:fs';

/** Descriptors kept for everything but live clients: database, Redis, log, static files, epoll. */
export const RESERVED_FILE_DESCRIPTORS = 256;

/** The soft open-files limit (`ulimit -n`) from `/proc/self/limits`, or undefined off Linux. */
export function openFilesLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const line = text.split('\n').find((row) => row.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || soft === 'unlimited') return undefined;
  const value = Number(soft);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** What {@link fitConnectionsToFileLimit} decided. */
export interface ConnectionLimitFit {
  /** The limit to use. */
  maxConnections: number;
  /** Set when `maxConnections` was lowered: the sentence for the log. */
  warning?: string;
}

/**
 * Each live connection holds one file descriptor. With `ulimit -n` below `MAX_CONNECTIONS` plus
 * a reserve, the process would fail with EMFILE under load (accepting nothing, not even health
 * checks); lowering the limit turns that into orderly 503s, and the warning says how to raise it.
 */
export function fitConnectionsToFileLimit(
  maxConnections: number,
  limit: number | undefined = openFilesLimit(),
): ConnectionLimitFit {
  if (limit === undefined || maxConnections + RESERVED_FILE_DESCRIPTORS <= limit) {
    return { maxConnections };
  }
  const fitted = Math.max(1, limit - RESERVED_FILE_DESCRIPTORS);
  return {
    maxConnections: fitted,
    warning:
      `MAX_CONNECTIONS=${maxConnections} needs ${maxConnections + RESERVED_FILE_DESCRIPTORS} open files ` +
      `but the limit (ulimit -n) is ${limit}: accepting at most ${fitted} live connections. ` +
      `Raise it with \`ulimit -n ${maxConnections + RESERVED_FILE_DESCRIPTORS}\`, systemd LimitNOFILE= ` +
      `or compose ulimits.nofile (see deploy/README.md).`,
  };
}
