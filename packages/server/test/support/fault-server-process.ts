import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killGroup, OWN_PROCESS_GROUP, TSX_SOURCE_ARGS } from '../../../../testing/process-group';

/** The repository root, where `node --import tsx packages/server/src/main.ts` runs. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A real server process (`main.ts`), as an operator runs it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Everything it wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit (SIGKILL: `kill -9`). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Variables of the parent's environment that must not leak into a spawned server. */
const SCRUBBED = [
  'DATABASE_URL',
  'REDIS_URL',
  'AUTH_TOKENS',
  'INGEST_TOKENS',
  'ADMIN_TOKENS',
  'ALLOWED_HOSTS',
  'PUBLIC_URL',
  'CORS_ORIGINS',
];

/**
 * The `INGEST_TOKENS` of a spawned server unless `env` sets its own: without it the server
 * would generate one in a fresh temporary directory at every start (DATA_DIR=memory).
 */
export const SPAWNED_INGEST_TOKEN = 'spawned-server-ingest-token-0001';

/**
 * Spawns `node --import tsx packages/server/src/main.ts` with `env` on top of a scrubbed copy of
 * this process's environment (HOST 127.0.0.1, PORT 0, LOG_LEVEL info and
 * INGEST_TOKENS {@link SPAWNED_INGEST_TOKEN} by default), and
 * resolves once it logs that it listens. Rejects with its output if it exits or takes longer
 * than `startTimeoutMs`.
 */
export async function spawnServer(
  env: Record<string, string>,
  startTimeoutMs = 120_000,
): Promise<ServerProcess> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete base[name];
  const child = spawn(process.execPath, [...TSX_SOURCE_ARGS, 'packages/server/src/main.ts'], {
    ...OWN_PROCESS_GROUP,
    cwd: REPO_ROOT,
    env: {
      ...base,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      INGEST_TOKENS: SPAWNED_INGEST_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`server did not start in ${startTimeoutMs} ms\n${stdout}\n${stderr}`));
    }, startTimeoutMs);
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${stdout}\n${stderr}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    port,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) killGroup(child, signal);
      return exited;
    },
  };
}
