import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killProcesses, ownProcesses, RUN_ID_VARIABLE } from './leftover-processes';
import { OWN_PROCESS_GROUP, stopGroup } from './process-group';
import { missingSystemTool, SKIP_LOG_VARIABLE } from './system-dependencies';

const repository = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const idle = 'setInterval(() => {}, 1000)';

describe('leftover processes', () => {
  it('finds a server process started from this checkout, and killing it stops it', async () => {
    // A stand-in with a server's command line (node ignores the extra argument).
    const child = spawn(process.execPath, ['-e', idle, 'packages/server/dist/main.js'], {
      ...OWN_PROCESS_GROUP,
      cwd: repository,
      env: { ...process.env, [RUN_ID_VARIABLE]: 'run-a' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pids = (runId?: string) => ownProcesses(repository, runId).map(({ pid }) => pid);
    await expect.poll(() => pids('run-a')).toContain(child.pid);
    // Another run's processes are not this run's business.
    expect(pids('run-b')).not.toContain(child.pid);
    killProcesses(ownProcesses(repository, 'run-a'));
    await exited;
    expect(ownProcesses(repository).map(({ pid }) => pid)).not.toContain(child.pid);
  });

  it("finds this run's processes outside the checkout too (a scratch install)", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'scratch-install-'));
    const child = spawn(process.execPath, ['-e', idle, 'node_modules/.bin/naija-monitor'], {
      ...OWN_PROCESS_GROUP,
      cwd: elsewhere,
      env: { ...process.env, [RUN_ID_VARIABLE]: 'run-c' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await expect
      .poll(() => ownProcesses(repository, 'run-c').map(({ pid }) => pid))
      .toContain(child.pid);
    killProcesses(ownProcesses(repository, 'run-c'));
    await exited;
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('ignores this process and processes of other directories', () => {
    const pids = ownProcesses(repository).map(({ pid }) => pid);
    expect(pids).not.toContain(process.pid);
    expect(ownProcesses('/nonexistent-checkout')).toEqual([]);
  });
});

describe('process groups', () => {
  it('stopGroup stops the grandchildren a launcher started, not only the launcher', async () => {
    // A shell that starts a node grandchild and waits: signalling the shell alone leaves it.
    const child = spawn('sh', ['-c', `"${process.execPath}" -e "${idle}" & wait`], {
      ...OWN_PROCESS_GROUP,
      stdio: 'ignore',
    });
    const pid = child.pid!;
    await expect
      .poll(() => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim())
      .not.toBe('');
    const grandchild = Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim());
    await stopGroup(child, 'SIGTERM', 5000);
    expect(() => process.kill(grandchild, 0)).toThrow();
  });
});

describe('missing system programs', () => {
  const saved = { ...process.env };
  let dir: string | undefined;
  afterEach(() => {
    process.env = { ...saved };
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('skips with a reason naming the install command, recorded for the closing summary', () => {
    dir = mkdtempSync(join(tmpdir(), 'skips-'));
    process.env[SKIP_LOG_VARIABLE] = join(dir, 'skips.jsonl');
    process.env.PROMTOOL = '/nonexistent/promtool';
    delete process.env.CI;
    const reason = missingSystemTool('a suite', 'promtool');
    expect(reason).toContain('apt-get install -y prometheus');
    const recorded = JSON.parse(readFileSync(join(dir, 'skips.jsonl'), 'utf8'));
    expect(recorded).toMatchObject({ suite: 'a suite', tool: 'promtool' });
  });

  it('fails instead of skipping under CI=true', () => {
    process.env.PROMTOOL = '/nonexistent/promtool';
    process.env.CI = 'true';
    expect(() => missingSystemTool('a suite', 'promtool')).toThrow(/CI=true/);
  });

  it('runs the suite when the program is there', () => {
    process.env.PROMTOOL = process.execPath;
    expect(missingSystemTool('a suite', 'promtool')).toBeNull();
  });
});
