import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection';
import { LOCK_FILE_NAME, lockDataDir } from '../src/db/data-dir-lock';
import { DataDirLockedError } from '../src/errors';
import { migrate } from '../src/db/migrate';
import { seedPipelineHistory } from './support/seed-intelligence';
import { REPO_ROOT } from './support/fault-server-process';

/**
 * One process per embedded database (issue #13, item 11): the data-directory lock, the port
 * checked before the database opens, and a server killed (SIGKILL, SIGTERM) with open alerts in
 * every state that restarts on its directory with the same alerts and no error.
 */

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-lock-'));
  dirs.push(dir);
  return dir;
};

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `script` (main.ts by default) in its own process group; resolves at exit or listen. */
function run(env: Record<string, string>, script = 'packages/server/src/main.ts') {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'AUTH_TOKENS', 'INGEST_TOKENS', 'ADMIN_TOKENS'])
    delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: {
      ...base,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ADMIN_TOKENS: `ops:${ADMIN_TOKEN}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: afterAll kills the whole group, tsx's loader included.
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const started = run(env);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listen in 120 s\n${started.output()}`)),
      120_000,
    );
    started.child.stdout!.on('data', () => {
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(started.output());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void started.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening\n${started.output()}`));
    });
  });
  return { ...started, port };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stop(server: Started, signal: NodeJS.Signals): Promise<void> {
  // SIGTERM to the server alone (its own shutdown); SIGKILL to the whole group, like kill -9.
  if (signal === 'SIGKILL') killGroup(server.child, 'SIGKILL');
  else server.child.kill(signal);
  await server.exited;
}

afterEach(() => {
  for (const child of children.splice(0)) killGroup(child, 'SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The `ADMIN_TOKENS` of every server this file starts (alert writes need one). */
const ADMIN_TOKEN = 'data-dir-lock-admin-token-01';

async function http(port: number, method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('data directory lock (in process)', () => {
  it('refuses a second holder, naming it, and lets go on release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir, 'server');
    let refused: unknown;
    try {
      lockDataDir(dir, 'migrate');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dir, 'server').release();
  });

  it('takes over the lock of a process that died, and refuses one from another host', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    const lockPath = join(dir, LOCK_FILE_NAME);
    const stale = {
      pid: dead,
      host: 'ignored',
      startedAt: new Date(0).toISOString(),
      purpose: 'server',
    };
    writeFileSync(lockPath, JSON.stringify({ ...stale, host: hostname() }));
    const lock = lockDataDir(dir, 'server');
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    lock.release();

    writeFileSync(lockPath, JSON.stringify({ ...stale, host: 'elsewhere.example' }));
    expect(() => lockDataDir(dir, 'server')).toThrow(/elsewhere\.example.*delete/);
  });
});

describe('one process per embedded database (real processes)', () => {
  it('refuses a second server and `npm run migrate` on a directory in use, naming the holder', async () => {
    const dir = tempDir();
    const first = await startServer({ DATA_DIR: dir });
    const second = run({ DATA_DIR: dir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by pid ${first.child.pid}`);
    const migrating = run({ DATA_DIR: dir }, 'packages/server/src/cli/migrate.ts');
    expect(await migrating.exited).toBe(1);
    expect(migrating.output()).toContain(`in use by pid ${first.child.pid}`);
    // The first one still serves.
    expect((await http(first.port, 'GET', '/health')).status).toBeLessThan(500);
    await stop(first, 'SIGINT');
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  }, 240_000);

  it('fails on a busy port before it opens the database', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const dir = join(tempDir(), 'never-created');
      const started = run({ DATA_DIR: dir, PORT: String(port) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`PORT ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(dir)).toBe(false);
    } finally {
      busy.close();
    }
  }, 120_000);

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'restarts after %s with the same open alerts (pending, firing, recovering, acknowledged, silenced) and no error',
    async (signal) => {
      const dir = tempDir();
      await seedAlerts(dir);
      const first = await startServer({ DATA_DIR: dir });
      // Writes on the live server just before it dies: an acknowledgement and a silence.
      const open = await http(first.port, 'GET', '/api/v1/alerts?state=open');
      const alerts = open.json.alerts as Array<{
        id: string;
        rule: string;
        labels: Record<string, string>;
      }>;
      const acked = alerts.find((alert) => alert.labels.source === 'src-05')!;
      expect(
        (
          await http(first.port, 'POST', `/api/v1/alerts/${acked.id}/ack`, {
            author: 'ops',
            comment: 'on it',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await http(first.port, 'POST', '/api/v1/silences', {
            matchers: { source: 'src-07' },
            author: 'ops',
            comment: 'maintenance',
            duration_seconds: 3600,
          })
        ).status,
      ).toBe(201);
      const before = await http(first.port, 'GET', '/api/v1/alerts?state=open');
      await stop(first, signal);
      // SIGTERM releases the lock; SIGKILL leaves it behind, for the restart to take over.
      expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(signal === 'SIGKILL');

      const second = await startServer({ DATA_DIR: dir });
      const after = await http(second.port, 'GET', '/api/v1/alerts?state=open');
      expect(after.json).toEqual(before.json);
      const states = (after.json.alerts as Array<{ state: string }>)
        .map((alert) => alert.state)
        .sort();
      expect(states).toEqual(['firing', 'firing', 'firing', 'pending', 'recovering']);
      expect((await http(second.port, 'GET', '/api/v1/silences')).json.silences).toHaveLength(1);
      // An evaluation runs on the restored state without a write failure.
      const status = await http(second.port, 'GET', '/api/v1/monitoring/pipeline-status');
      expect(status.status).toBe(200);
      const health = status.json.system_health as Record<string, unknown>;
      expect(health.alert_evaluation).toBeUndefined();
      await stop(second, 'SIGTERM');
      expect(second.output()).not.toMatch(/"level":(50|60)/);
      expect(second.output()).not.toContain('duplicate key');
    },
    300_000,
  );
});

/** A directory with pipeline history and one open alert per state, written as the engine would. */
async function seedAlerts(dir: string): Promise<void> {
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrate(database);
    const now = new Date();
    await seedPipelineHistory(database, { now, sources: 8, runDays: 2, eventDays: 3 });
    const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const row = (source: string, rule: string, state: string, extra: Record<string, unknown>) => ({
      fingerprint: `${rule}|source=${source}`,
      rule,
      severity: 'high' as const,
      state: state as 'pending' | 'firing' | 'recovering',
      title: `${rule} ${source}`,
      message: `${source} seeded`,
      labels: sql<Record<string, string>>`${JSON.stringify({ source })}::jsonb`,
      group_key: rule,
      started_at: minutesAgo(30),
      updated_at: minutesAgo(1),
      ...extra,
    });
    await database.db
      .insertInto('alerts')
      .values([
        row('src-01', 'source_silent', 'pending', {}),
        row('src-03', 'source_failing', 'firing', {
          fired_at: minutesAgo(20),
          last_active_at: minutesAgo(1),
          notified_state: 'firing',
          notified_at: minutesAgo(20),
        }),
        row('src-04', 'source_failing', 'recovering', {
          fired_at: minutesAgo(20),
          last_active_at: minutesAgo(2),
          recovering_since: minutesAgo(1),
          notified_state: 'firing',
          notified_at: minutesAgo(20),
        }),
        row('src-05', 'source_failing', 'firing', {
          fired_at: minutesAgo(20),
          last_active_at: minutesAgo(1),
          notified_state: 'firing',
          notified_at: minutesAgo(20),
        }),
        row('src-07', 'source_failing', 'firing', {
          fired_at: minutesAgo(20),
          last_active_at: minutesAgo(1),
          notified_state: 'firing',
          notified_at: minutesAgo(20),
        }),
      ])
      .execute();
  } finally {
    await database.close();
  }
}
