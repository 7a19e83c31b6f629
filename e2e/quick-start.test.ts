import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { StatusDocumentSchema, type StatusDocument } from '@naija-monitor/protocol';
import { OWN_PROCESS_GROUP, stopGroup } from '../testing/process-group';

const root = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function fetchStatus(base: string): Promise<StatusDocument | null> {
  try {
    const response = await fetch(`${base}/api/v1/monitoring/pipeline-status`);
    return response.ok ? ((await response.json()) as StatusDocument) : null;
  } catch {
    return null;
  }
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

// The README's start line, as a newcomer runs it: `npm start` on an empty embedded database.
// It must serve the status within 60 s, with numbers the demo pipeline moves.
describe('npm start (README quick start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    // npm → sh → start.mjs → server and pipeline: the whole group, or the server outlives us.
    if (child) await stopGroup(child, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the contract fields within 60 s and the demo moves the numbers', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    // The quick start runs on the embedded database, whatever the CI environment sets.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.DEMO;
    for (const name of ['INGEST_TOKENS', 'INGEST_TOKEN', 'AUTH_TOKENS', 'ADMIN_TOKENS']) {
      delete env[name];
    }
    child = spawn('npm', ['start'], {
      ...OWN_PROCESS_GROUP,
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const startedAt = Date.now();
    const first = await waitFor('the status endpoint', 60_000, () => fetchStatus(base)).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n--- npm start output ---\n${output.slice(-3000)}`);
      },
    );
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    expect(Value.Check(StatusDocumentSchema, first)).toBe(true);
    for (const field of [
      'timestamp',
      'scraping_health',
      'data_quality',
      'anomalies',
      'alerts',
      'overall_status',
      'status',
      'last_run',
    ]) {
      expect(first).toHaveProperty(field);
    }

    // The demo pipeline replays its sample feeds: articles and runs accumulate.
    const moved = await waitFor('the demo to move the numbers', 60_000, async () => {
      const now = await fetchStatus(base);
      if (!now) return null;
      const changed =
        now.last_run !== first.last_run ||
        now.scraping_health.articles_collected !== first.scraping_health.articles_collected;
      return changed && now.scraping_health.articles_collected > 0 ? now : null;
    });
    expect(moved.scraping_health.total_sources).toBeGreaterThan(0);
    expect(moved.last_run).not.toBeNull();

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    // Nothing writes without a token, this host included: the demo pipeline moved the numbers
    // with the token the server generated, kept 0600 in the data directory, never printed.
    const tokenFile = join(dataDir, 'ingest-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(output).toContain(tokenFile);
    expect(output).not.toContain(token);
    const anonymous = await fetch(`${base}/api/v1/ingest/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sources: [] }),
    });
    expect(anonymous.status).toBe(401);
  });
});
