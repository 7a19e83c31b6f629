#!/usr/bin/env node
// `npm run build` in a node package (protocol, client, server, pipeline): compiles src/ to dist/
// as plain ESM JavaScript that `node` runs without a loader, with `.d.ts` declarations.
//
// Why esbuild file by file plus tsc for declarations (and not tsup/tsdown or `tsc -b`):
// - the sources import each other without extensions (`moduleResolution: "Bundler"`), which
//   Node's ESM loader refuses; esbuild compiles each file alone and rewrites every relative import
//   to the `.js` file it becomes, so the sources stay as they are;
// - one output file per source file keeps dist/ at the depth of src/, so the paths the code
//   resolves from `import.meta.url` (package.json, migrations, the dashboard, sample feeds) hold
//   in both;
// - esbuild is already installed (tsx and Vite use it) and runs without keepNames, so no
//   `__name()` wrappers on hot paths; current tsdown releases need Node 22, and this repository
//   supports Node 20.19;
// - declarations come from the TypeScript compiler itself (`tsconfig.build.json`), with the same
//   import rewrite, so consumers on `moduleResolution: "node16"` resolve them too.
//
// Usage (from a package directory): node ../../scripts/build-package.mjs [--no-types]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = process.cwd();
const srcDir = join(packageDir, 'src');
const outDir = join(packageDir, 'dist');
const root = fileURLToPath(new URL('..', import.meta.url));
const withTypes = !process.argv.includes('--no-types');
const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
/** Files run as programs (the package's `bin` targets) get a `#!/usr/bin/env node` line. */
const programs = new Set(
  Object.values(manifest.bin ?? {}).map((target) =>
    join(srcDir, relative('dist', target).replace(/\.js$/, '.ts')),
  ),
);

const isTest = (file) => /\.test\.tsx?$/.test(file) || file.split(sep).includes('test');

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/**
 * The `.js` specifier a relative import of `spec` from `importer` (a source file) becomes, or
 * undefined when it names no TypeScript source (left as written).
 */
function rewrite(importer, spec) {
  const target = resolve(dirname(importer), spec);
  for (const [suffix, js] of [
    ['.ts', '.js'],
    ['.tsx', '.js'],
    [`${sep}index.ts`, '/index.js'],
    [`${sep}index.tsx`, '/index.js'],
  ]) {
    if (existsSync(target + suffix) && statSync(target + suffix).isFile()) return spec + js;
  }
  if (/\.(ts|tsx)$/.test(spec)) return spec.replace(/\.tsx?$/, '.js');
  return undefined;
}

const relativeImports = {
  name: 'relative-imports',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('./') || args.path.startsWith('../')) {
        return { path: rewrite(args.importer, args.path) ?? args.path, external: true };
      }
      // Packages (dependencies, node: built-ins) stay imports: one file in, one file out.
      return { path: args.path, external: true };
    });
  },
};

const files = walk(srcDir);
const sources = files.filter((file) => /\.tsx?$/.test(file) && !isTest(file));
const assets = files.filter((file) => !/\.tsx?$/.test(file) && !isTest(file));

rmSync(outDir, { recursive: true, force: true });
const node = manifest.bin !== undefined || manifest.name === '@naija-monitor/server';
const common = {
  outbase: srcDir,
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: node ? 'node' : 'neutral',
  target: node ? 'node20.19' : 'es2022',
  keepNames: false,
  sourcemap: node ? 'linked' : false,
  logLevel: 'warning',
  plugins: [relativeImports],
};
const plain = sources.filter((file) => !programs.has(file));
const mains = sources.filter((file) => programs.has(file));
await build({ ...common, entryPoints: plain });
if (mains.length > 0) {
  await build({ ...common, entryPoints: mains, banner: { js: '#!/usr/bin/env node' } });
}
for (const asset of assets) {
  const target = join(outDir, relative(srcDir, asset));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(asset, target);
}

if (withTypes) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`[build] ${manifest.name}: declarations failed (tsc exit ${result.status})`);
    process.exit(1);
  }
  // tsc keeps the extensionless specifiers; give declarations the same `.js` ones as the code.
  for (const file of walk(outDir).filter((path) => path.endsWith('.d.ts'))) {
    const source = join(srcDir, relative(outDir, file)).replace(/\.d\.ts$/, '.ts');
    const text = await readFile(file, 'utf8');
    const fixed = text.replace(
      /(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]*)\2/g,
      (whole, lead, quote, spec) => {
        const js = rewrite(source, spec);
        return js === undefined ? whole : `${lead}${quote}${js}${quote}`;
      },
    );
    if (fixed !== text) await writeFile(file, fixed);
  }
}
// scripts/ensure-built.mjs compares the sources' times with this file's.
await writeFile(
  join(outDir, '.build-stamp'),
  `${JSON.stringify({ builtAt: new Date().toISOString(), types: withTypes })}\n`,
);
console.log(
  `[build] ${manifest.name}: ${sources.length} modules${withTypes ? ' + declarations' : ''} → dist/`,
);
