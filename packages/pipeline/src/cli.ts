import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeError } from './errors';
import { startPipeline, type RunnerOptions } from './runner';

const HELP = `Naija reference pipeline: feeds → articles → events → geocoding → validation → monitor.

Usage: naija-monitor-pipeline [options]   (in this repository: npm run pipeline -- [options])

  --monitor URL        the monitor's base URL (e.g. http://127.0.0.1:8000); without it, a dry run
  --once               one run over every enabled source, then exit
  --demo               replay the shipped sample feeds, one run every --interval seconds
  --feeds-dir DIR      read DIR/<source id>.xml instead of fetching the URLs
  --rebase-dates       with --feeds-dir: date the newest item "now" (implied by --demo)
  --sources FILE       sources file (default: packages/pipeline/sources.json)
  --interval SECONDS   seconds between demo runs (default 5)
  --max-runs N         stop after N runs
  --token TOKEN        ingest token (default: $INGEST_TOKEN; prefer the variable: arguments show in ps)
  -h, --help           this help

Without --once or --demo, each source is fetched at its own expected interval, forever.
Exit status: 0 when the run was reported, 1 when it could not be, 2 on bad arguments.`;

/** Reads the command line into runner options; throws with a message on bad arguments. */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): RunnerOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      monitor: { type: 'string' },
      once: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'feeds-dir': { type: 'string' },
      'rebase-dates': { type: 'boolean', default: false },
      sources: { type: 'string' },
      interval: { type: 'string' },
      'max-runs': { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.once && values.demo) throw new Error('--once and --demo exclude each other');
  const number = (flag: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min)
      throw new Error(`${flag} must be a number ≥ ${min}, got "${raw}"`);
    return n;
  };
  if (values.monitor !== undefined && !/^https?:\/\/\S+$/.test(values.monitor)) {
    throw new Error(`--monitor must be an http(s) URL, got "${values.monitor}"`);
  }
  const intervalS = number('--interval', values.interval, 0.1);
  return {
    mode: values.once ? 'once' : values.demo ? 'demo' : 'schedule',
    monitorUrl: values.monitor,
    token: values.token ?? env.INGEST_TOKEN,
    sourcesFile: values.sources ? resolve(values.sources) : undefined,
    feedsDir: values['feeds-dir'] ? resolve(values['feeds-dir']) : undefined,
    rebaseDates: values['rebase-dates'],
    demoIntervalMs: intervalS === undefined ? undefined : intervalS * 1000,
    maxRuns: number('--max-runs', values['max-runs'], 1),
  };
}

async function main(): Promise<number> {
  let options: RunnerOptions | 'help';
  try {
    // `.env` in the working directory (INGEST_TOKEN, ...); variables already set win.
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    options = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const stop = new AbortController();
  // The first signal lets the current run finish and report; a second one exits at once.
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    console.log('[pipeline] stopping after the current run');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await startPipeline(options, stop.signal);
    return 0;
  } catch (error) {
    if (stop.signal.aborted) return 0;
    console.error(`[pipeline] ${describeError(error)}`);
    return 1;
  }
}

/** True when this file is the program being run (also through the npm `bin` symlink). */
function isProgram(): boolean {
  if (!process.argv[1]) return false;
  const self = fileURLToPath(import.meta.url);
  try {
    return realpathSync(resolve(process.argv[1])) === realpathSync(self);
  } catch {
    return false;
  }
}

// Run only as a program, not when a test imports parseCommandLine.
if (isProgram()) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
