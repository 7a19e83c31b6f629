import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText, parseEnvExample, parseServerArguments, serverVersion } from './command-line';
import { RETENTION_VARIABLES } from '../store/retention-policy';
import { fitConnectionsToFileLimit, openFilesLimit } from './file-limit';

/**
 * Every variable config.ts reads: a quoted UPPER_CASE name there (bar the error code), and the
 * retention settings it reads from their table.
 */
const CONFIG_VARIABLES = [
  ...new Set([
    ...[
      ...readFileSync(new URL('../config.ts', import.meta.url), 'utf8').matchAll(
        /'([A-Z][A-Z0-9_]{2,})'/g,
      ),
    ].map((match) => match[1]!),
    ...RETENTION_VARIABLES.map((setting) => setting.variable),
  ]),
].filter((name) => name !== 'CONFIG_INVALID');

describe('naija-monitor --help / --version', () => {
  it('--help lists every variable the server reads, with its default', () => {
    const command = parseServerArguments(['--help']);
    expect(command).toMatchObject({ run: false, exitCode: 0 });
    const text = command.run ? '' : command.output;
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
    for (const name of CONFIG_VARIABLES) expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(text).toMatch(/^ {2}PORT \(default 8000\)$/m);
    expect(text).toMatch(/^ {2}DATABASE_URL \(unset\)$/m);
  });

  it(".env.example documents exactly the variables config.ts reads, and npm start's DEMO", () => {
    const documented = parseEnvExample(
      readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8'),
    ).map((variable) => variable.name);
    // DEMO is scripts/start.mjs's: it starts the demo pipeline beside the server.
    expect(new Set(documented)).toEqual(new Set([...CONFIG_VARIABLES, 'DEMO']));
  });

  it('--version prints the package version; anything else is refused with exit 2', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(serverVersion()).toBe(manifest.version);
    expect(parseServerArguments(['--version'])).toEqual({
      run: false,
      output: manifest.version,
      exitCode: 0,
    });
    expect(parseServerArguments(['--port=1'])).toMatchObject({ run: false, exitCode: 2 });
    expect(parseServerArguments([])).toEqual({ run: true });
    expect(helpText()).toContain(manifest.version);
  });

  it('reads descriptions from the comment lines above each setting', () => {
    expect(parseEnvExample('# Port.\n# Second line.\nPORT=1\n\n# Unset.\n# TOKEN=\n')).toEqual([
      { name: 'PORT', value: '1', description: 'Port. Second line.' },
      { name: 'TOKEN', value: undefined, description: 'Unset.' },
    ]);
  });
});

describe('MAX_CONNECTIONS and the open-files limit', () => {
  const limits = (soft: string) =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 1048576              files\n`;

  it('reads the soft limit from /proc/self/limits', () => {
    expect(openFilesLimit(limits('1024'))).toBe(1024);
    expect(openFilesLimit(limits('unlimited'))).toBeUndefined();
    expect(openFilesLimit('garbage')).toBeUndefined();
  });

  it('lowers MAX_CONNECTIONS below the limit and says how to raise it', () => {
    const fit = fitConnectionsToFileLimit(19_000, 1024);
    expect(fit.maxConnections).toBe(768);
    expect(fit.warning).toMatch(/ulimit -n\) is 1024.*at most 768.*LimitNOFILE/);
  });

  it('keeps MAX_CONNECTIONS when the limit allows it', () => {
    expect(fitConnectionsToFileLimit(19_000, 65_536)).toEqual({ maxConnections: 19_000 });
    expect(fitConnectionsToFileLimit(19_000, undefined)).toEqual({ maxConnections: 19_000 });
  });
});
