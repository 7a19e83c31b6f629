import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The budget recorded in BENCHMARKS.md ("Client bundle"): min+gzip, without React. */
const BUDGET_BYTES = 12 * 1024;

describe('@naija-monitor/client bundle', () => {
  it('stays within 12 KB min+gzip without React, and ships no TypeBox runtime', async () => {
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source'],
      external: ['react'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(code, { level: 9 }).length;
    // What ended up in the output (metafile.inputs also lists files tree-shaken away).
    const output = Object.values(result.metafile.outputs)[0]!;
    const inputs = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    // Messages are checked by the validators compiled ahead of time (protocol/src/compiled).
    expect(inputs.filter((path) => path.includes('@sinclair/typebox'))).toEqual([]);
    expect(gzipped, `${gzipped} bytes min+gzip`).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
