import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Commands a process answers over IPC: command name → request body and response body. */
export type CommandMap = Record<string, { request: unknown; response: unknown }>;

interface RequestMessage {
  id: number;
  command: string;
  body: unknown;
}

interface ResponseMessage {
  id: number;
  ok: boolean;
  body?: unknown;
  error?: string;
}

/** Raised when a child process answers a command with an error, dies, or takes too long. */
export class IpcError extends Error {
  override readonly name = 'IpcError';
  readonly code: 'COMMAND_FAILED' | 'PROCESS_EXITED' | 'TIMEOUT';
  constructor(code: IpcError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Where a bench child process runs, and how. */
export interface SpawnOptions {
  /** CPU core the process (all its threads) is pinned to with `taskset`. */
  core: number;
  /** Extra `node` flags, e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** Arguments after the script. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * `command` pinned to `core` with taskset, and run at the niceness in `BENCH_NICE` when set
 * (`npm run bench -- --nice=-10`: on a machine busy with other work, the bench's processes
 * then lose less time to it; negative values need root).
 */
export function pinnedCommand(core: number, command: string[]): string[] {
  const pinned = ['taskset', '-c', String(core), ...command];
  const nice = process.env.BENCH_NICE;
  return nice ? ['nice', '-n', nice, ...pinned] : pinned;
}

/**
 * Starts a TypeScript entry point (through tsx) pinned to one core, with an IPC channel.
 * `taskset` execs node, which inherits the channel's file descriptor.
 */
export function spawnPinned(scriptUrl: URL, options: SpawnOptions): ChildProcess {
  const script = fileURLToPath(scriptUrl);
  const nodeArgs = [
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    script,
    ...(options.args ?? []),
  ];
  const [command, ...args] = pinnedCommand(options.core, [process.execPath, ...nodeArgs]);
  return spawn(command as string, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, ...options.env },
  });
}

/** Sends typed commands to a child process and awaits its answers. */
export class IpcClient<M extends CommandMap> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (body: unknown) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #exited: string | null = null;

  constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (raw) => {
      const message = raw as ResponseMessage;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message.body);
      else pending.reject(new IpcError('COMMAND_FAILED', message.error ?? 'command failed'));
    });
    child.on('exit', (code, signal) => {
      this.#exited = `process exited (code ${code}, signal ${signal})`;
      for (const pending of this.#pending.values())
        pending.reject(new IpcError('PROCESS_EXITED', this.#exited));
      this.#pending.clear();
    });
  }

  /** The child's process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends `command` and resolves with the child's answer. */
  request<K extends keyof M & string>(
    command: K,
    body: M[K]['request'],
    timeoutMs = 120_000,
  ): Promise<M[K]['response']> {
    if (this.#exited) return Promise.reject(new IpcError('PROCESS_EXITED', this.#exited));
    const id = this.#nextId++;
    return new Promise<M[K]['response']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new IpcError('TIMEOUT', `${command} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer as M[K]['response']);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.send({ id, command, body } satisfies RequestMessage);
    });
  }

  /** Resolves when the child has exited; kills it if it has not within `graceMs`. */
  async waitForExit(graceMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
      this.#child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Kills the child at once. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null)
      this.#child.kill('SIGKILL');
  }
}

/** Handlers for every command of `M`, run inside the child. */
export type Handlers<M extends CommandMap> = {
  [K in keyof M]: (body: M[K]['request']) => Promise<M[K]['response']> | M[K]['response'];
};

/** Answers the parent's commands with `handlers`. The child exits when the parent goes away. */
export function serveIpc<M extends CommandMap>(handlers: Handlers<M>): void {
  if (!process.send) throw new Error('this script must be started by the bench (no IPC channel)');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const message = raw as RequestMessage;
    const handler = handlers[message.command as keyof M];
    const reply = (answer: Omit<ResponseMessage, 'id'>) =>
      process.send?.({ id: message.id, ...answer });
    if (!handler) {
      reply({ ok: false, error: `unknown command ${message.command}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.body as never))
      .then(
        (body) => reply({ ok: true, body }),
        (error: unknown) =>
          reply({
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
}

/** A `cpu` command handler: the CPU time this process used since the previous call (ms). */
export function cpuSinceLastCall(): () => { userMs: number; systemMs: number } {
  let last = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    return { userMs: used.user / 1000, systemMs: used.system / 1000 };
  };
}

/** An `exit` command handler: answers first, then ends the process. */
export function exitAfterAnswer(): null {
  setImmediate(() => process.exit(0));
  return null;
}
