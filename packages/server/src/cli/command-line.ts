import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The server package's manifest, two levels above this file in src/ and in dist/. */
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
/**
 * Where the documented settings are: `env.example` in the installed package (copied at pack
 * time), or `.env.example` at the repository root when running from a checkout.
 */
const ENV_EXAMPLES = [
  new URL('../../env.example', import.meta.url),
  new URL('../../../../.env.example', import.meta.url),
];

/** The server's version from its package.json. */
export function serverVersion(): string {
  const manifest = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/** One documented setting: its name, default (as written in .env.example) and description. */
export interface DocumentedVariable {
  name: string;
  /** The example's value; undefined when the line is commented out (unset by default). */
  value: string | undefined;
  description: string;
}

/**
 * Reads `.env.example`: each `NAME=value` (or `# NAME=value`, unset by default) line with the
 * comment lines just above it as its description.
 */
export function parseEnvExample(text: string): DocumentedVariable[] {
  const variables: DocumentedVariable[] = [];
  let comments: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const setting = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (setting) {
      variables.push({
        name: setting[2]!,
        value: setting[1] === undefined ? setting[3] : undefined,
        description: comments.join(' '),
      });
      comments = [];
    } else if (line.startsWith('#')) {
      comments.push(line.replace(/^#\s?/, ''));
    } else {
      comments = [];
    }
  }
  return variables;
}

/** `naija-monitor --help`: usage and every environment variable with its default. */
export function helpText(): string {
  const file = ENV_EXAMPLES.find((url) => existsSync(url));
  const variables = file ? parseEnvExample(readFileSync(file, 'utf8')) : [];
  const rows = variables.map(({ name, value, description }) => {
    const fallback = value === undefined ? '(unset)' : `(default ${value === '' ? '""' : value})`;
    return `  ${name} ${fallback}\n      ${description}`;
  });
  return [
    `naija-monitor ${serverVersion()}: real-time monitor of the Naija conflict tracker's pipeline.`,
    '',
    'Usage: naija-monitor [--help] [--version]',
    '',
    'Configured by environment variables only; a .env file in the working directory is loaded',
    'first (variables already set win). Every value is validated at start: a bad one exits 2',
    'naming the variable.',
    '',
    'Environment:',
    ...(rows.length > 0
      ? rows
      : [`  (the settings list, ${fileURLToPath(ENV_EXAMPLES[1]!)}, was not found)`]),
    '',
    'Exit status: 0 after a clean stop (SIGTERM/SIGINT), 1 on a failure, 2 on bad configuration.',
  ].join('\n');
}

/** What the command line asks for. */
export type ServerCommand = { run: true } | { run: false; output: string; exitCode: number };

/** Reads the server's arguments: `--help`/`-h`, `--version`/`-v`, nothing else. */
export function parseServerArguments(args: readonly string[]): ServerCommand {
  if (args.includes('--help') || args.includes('-h')) {
    return { run: false, output: helpText(), exitCode: 0 };
  }
  if (args.includes('--version') || args.includes('-v')) {
    return { run: false, output: serverVersion(), exitCode: 0 };
  }
  if (args.length > 0) {
    return {
      run: false,
      output: `naija-monitor: unknown argument "${args[0]}"; settings are environment variables (see --help)`,
      exitCode: 2,
    };
  }
  return { run: true };
}

/**
 * Loads `.env` from the working directory into `process.env` when present; variables already in
 * the environment win. Returns whether a file was loaded.
 */
export function loadDotEnv(path = '.env'): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
