import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './browser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dashboard = join(root, 'packages', 'dashboard');
const client = join(root, 'packages', 'client');
const protocol = join(root, 'packages', 'protocol');

/** Newest modification time under `dir` (files only), skipping build output and dependencies. */
function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Before any browser test: check chromium is there, and build the dashboard when `dist/` is
 * missing or older than its sources (or the client's and protocol's, which it bundles), so the
 * tests always exercise what `npm start` would serve.
 */
export default function setup(): void {
  // Without chromium the browser suite skips itself (and says so, see testing/): nothing to build.
  if (!existsSync(CHROMIUM_PATH)) return;
  mkdirSync(join(root, 'e2e', 'artifacts'), { recursive: true });
  const index = join(dashboard, 'dist', 'index.html');
  const sourcesMs = Math.max(
    newestMtimeMs(dashboard),
    newestMtimeMs(join(client, 'src')),
    newestMtimeMs(join(protocol, 'src')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sourcesMs && !process.env.E2E_REBUILD) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build', '-w', '@naija-monitor/dashboard'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
