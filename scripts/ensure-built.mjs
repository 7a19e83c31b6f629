#!/usr/bin/env node
// Builds the node packages' JavaScript (dist/) when it is missing or older than its sources, so
// `npm start`, `npm run start:cluster` and `npm run migrate` run plain `node` on compiled code
// without a separate build step. `npm run build` builds everything (declarations included).
// Without the build tools (an `npm ci --omit=dev` install), an existing dist/ is used as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Each file compiles alone (imports stay imports), so a package never needs its dependents rebuilt. */
export const NODE_PACKAGES = ['protocol', 'client', 'server', 'pipeline'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why `name` needs a build, or undefined when its dist/ is current. */
export function staleness(name, { types = false } = {}) {
  const stamp = join(root, 'packages', name, 'dist', '.build-stamp');
  if (!existsSync(stamp)) return 'not built yet';
  if (types && !readFileSync(stamp, 'utf8').includes('"types":true')) return 'no declarations yet';
  if (newestSource(join(root, 'packages', name, 'src')) > statSync(stamp).mtimeMs) {
    return 'sources changed since the last build';
  }
  return undefined;
}

/**
 * Builds what is stale; returns false (after saying why) when a needed build failed.
 * `types: true` also writes declarations (packaging needs them; starting does not).
 */
export function ensureBuilt(
  log = (message) => console.log(`[build] ${message}`),
  { types = false } = {},
) {
  const canBuild = existsSync(join(root, 'node_modules', 'esbuild'));
  for (const name of NODE_PACKAGES) {
    const reason = staleness(name, { types });
    if (reason === undefined) continue;
    const dist = join(root, 'packages', name, 'dist');
    if (!canBuild) {
      if (existsSync(dist)) continue;
      log(
        `packages/${name}/dist is missing and the build tools are not installed: run npm install && npm run build`,
      );
      return false;
    }
    log(`compiling @naija-monitor/${name} (${reason})...`);
    // JavaScript only unless asked: starting needs no declarations (npm run build writes them).
    const built = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'build-package.mjs'), ...(types ? [] : ['--no-types'])],
      {
        cwd: join(root, 'packages', name),
        stdio: 'inherit',
      },
    );
    if (built.status !== 0) {
      log(`compiling @naija-monitor/${name} failed: fix the error above and start again`);
      return false;
    }
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(ensureBuilt() ? 0 : 1);
}
