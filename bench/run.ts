/**
 * `npm run bench` entry: runs the servers side by side under the same load and prints a
 * one-line-per-server summary. `--quick` (CI) runs at most 2000 clients and exits non-zero
 * unless every server answered every client with every update. See BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from '@naija-monitor/protocol';
import { fetchDocument, syntheticDocument } from './document';
import { Fleet } from './load/fleet';
import { describeMachine } from './machine';
import { parseOptions, type BenchOptions } from './options';
import { connectRateTable, markdownReport, pairedTable, summaryTable } from './report';
import type { BenchResults } from './results';
import { postgresUnavailable } from './db/scratch-postgres';
import { runChangeLatency } from './scenarios/change-latency';
import { runConnectRate } from './scenarios/connect-rate';
import { runFanout } from './scenarios/fanout';
import { runHttpFallback } from './scenarios/http-fallback';
import { runPaired } from './scenarios/paired';
import { runScaleOut } from './scenarios/scale-out';
import { runStatusCompute } from './scenarios/status-compute';
import { SERVER_SPECS, type ServerKind } from './servers/kinds';
import { launchServer, type ServerHandle } from './servers/launch';

const log = (line: string) => process.stderr.write(`${line}\n`);
const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Pins this process (all threads) to the load-generator core, away from the servers. */
function pinSelf(core: number): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], {
      stdio: 'ignore',
    });
  } catch {
    log(`(could not pin the bench to core ${core})`);
  }
  const nice = process.env.BENCH_NICE;
  if (!nice) return;
  try {
    // setpriority applies per thread on Linux: renice every thread of this process.
    const threads = readdirSync('/proc/self/task');
    execFileSync('renice', ['-n', nice, '-p', ...threads], { stdio: 'ignore' });
  } catch {
    log(`(could not renice the bench to ${nice})`);
  }
}

/** True when the real server reported that it cannot run in the bench yet (not a failure). */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    /OURS_UNAVAILABLE|OursUnavailableError/.test(`${error.name} ${error.message}`)
  );
}

/** Checks the harness worked: every server answered, every client got every update. */
function harnessFailures(results: BenchResults, options: BenchOptions): string[] {
  const failures: string[] = [];
  if (!options.scenarios.includes('fanout')) return failures;
  for (const kind of options.servers) {
    if (results.skipped.some((s) => s.server === kind)) continue;
    for (const variant of SERVER_SPECS[kind].variants) {
      const rows = results.fanout.filter((row) => row.server === variant.name);
      const expected =
        options.quick && variant.maxBroadcasts !== undefined ? 1 : options.sizes.length;
      if (rows.length !== expected)
        failures.push(`${variant.name}: measured ${rows.length} of ${expected} client counts`);
      for (const row of rows) {
        const problems = [
          row.connect.failed && `${row.connect.failed} failed connects`,
          row.missed && `${row.missed} missed seqs`,
          row.duplicated && `${row.duplicated} duplicated seqs`,
          row.behind && `${row.behind} updates not delivered in time`,
          row.closedUnexpectedly && `${row.closedUnexpectedly} unexpected closes`,
          row.errors && `${row.errors} client errors`,
        ].filter(Boolean);
        if (problems.length)
          failures.push(`${variant.name} at ${row.clients}: ${problems.join(', ')}`);
      }
    }
  }
  for (const row of results.connectRate)
    if (row.failed > 0)
      failures.push(
        `connection rate, ${row.server}: ${row.failed} handshakes failed (${row.errors.join('; ')})`,
      );
  if (results.paired && results.paired.missed > 0)
    failures.push(`paired comparison: ${results.paired.missed} missed or duplicated updates`);
  for (const change of results.changeLatency)
    if (change.missedWrites > 0)
      failures.push(
        `change latency ${change.via}: ${change.missedWrites} writes never reached every client`,
      );
  return failures;
}

/** Fan-out: every server in turn, the real one first (its document is then used by the others). */
async function fanout(
  results: BenchResults,
  options: BenchOptions,
  fleet: Fleet,
  state: { documentJson: string },
): Promise<void> {
  const order: ServerKind[] = [...options.servers].sort(
    (a, b) => Number(b === 'ours') - Number(a === 'ours'),
  );
  for (const kind of order) {
    const spec = SERVER_SPECS[kind];
    log(`${spec.label}:`);
    let server: ServerHandle;
    try {
      server = await launchServer(kind, {
        core: options.serverCore,
        documentJson: state.documentJson,
      });
    } catch (error) {
      if (isUnavailable(error)) {
        results.skipped.push({ server: kind, reason: firstLine(error) });
        log(`  skipped: ${firstLine(error)}`);
      } else {
        results.failures.push(`${kind}: did not start: ${firstLine(error)}`);
        log(`  did not start: ${error instanceof Error ? error.stack : String(error)}`);
      }
      continue;
    }
    try {
      if (kind === 'ours') {
        state.documentJson = await fetchDocument(server.port);
        results.document = {
          source: `the real server's ${PATHS.status}`,
          bytes: Buffer.byteLength(state.documentJson),
        };
        log(`  status document from the real server: ${results.document.bytes} bytes`);
      }
      const { rows, reconnect } = await runFanout(spec, server, fleet, {
        sizes: options.sizes,
        warmups: options.warmups,
        broadcasts: options.broadcasts,
        gapMs: options.quick ? 100 : 300,
        quick: options.quick,
        profileDir: options.profile ? join(options.outDir, 'profiles') : null,
        reconnect: !options.quick,
        log,
      });
      results.fanout.push(...rows);
      if (reconnect) results.reconnect.push(reconnect);
    } catch (error) {
      results.failures.push(`${kind}: ${firstLine(error)}`);
      log(`  failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      await server.stop();
    }
  }
}

/** Runs `work` as one named part of the run; an unavailable server or engine skips it. */
async function part(results: BenchResults, name: string, work: () => Promise<void>): Promise<void> {
  log(`${name}:`);
  try {
    await work();
  } catch (error) {
    if (isUnavailable(error)) {
      results.skipped.push({ server: name, reason: firstLine(error) });
      log(`  skipped: ${firstLine(error)}`);
    } else {
      results.failures.push(`${name}: ${firstLine(error)}`);
      log(`  failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.nice !== null) {
    if (!Number.isInteger(options.nice)) throw new Error('--nice takes a whole number (-20 to 19)');
    process.env.BENCH_NICE = String(options.nice);
  }
  pinSelf(options.loadCore);
  const startedAt = new Date();
  const state = { documentJson: JSON.stringify(syntheticDocument()) };
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: describeMachine(),
    document: {
      source: 'synthetic (bench/document.ts)',
      bytes: Buffer.byteLength(state.documentJson),
    },
    fanout: [],
    reconnect: [],
    skipped: [],
    changeLatency: [],
    http: [],
    statusCompute: [],
    scaleOut: null,
    paired: null,
    connectRate: [],
    failures: [],
  };
  log(`bench: ${JSON.stringify(results.machine)}`);
  if (options.postgresUrl) {
    const why = await postgresUnavailable(options.postgresUrl);
    if (why) {
      // The PostgreSQL parts are skipped, not failed: the PGlite parts still run.
      results.skipped.push({
        server: 'postgres',
        reason: `${options.postgresUrl} unreachable (${why})`,
      });
      log(`PostgreSQL at ${options.postgresUrl} unreachable (${why}): its parts are skipped`);
      options.postgresUrl = null;
    }
  }

  // The change scenario runs the real server with v1 clients (ours) and/or v2 clients (ours-v2).
  const changeDialects = (['ws', 'ws-v2'] as const).filter((dialect) =>
    options.servers.includes(dialect === 'ws' ? 'ours' : 'ours-v2'),
  );
  const needsFleet =
    options.scenarios.includes('fanout') ||
    (options.scenarios.includes('change') && changeDialects.length > 0);
  const fleet = needsFleet
    ? Fleet.start({ workers: options.workers, core: options.loadCore })
    : null;
  try {
    if (fleet && options.scenarios.includes('fanout')) await fanout(results, options, fleet, state);
    const oursSkipped = results.skipped.some((s) => s.server === 'ours');
    // Floor first: every ratio of the paired comparison is relative to it.
    const pairedKinds = (['floor', 'ours', 'ours-v2', 'socket-io'] as const).filter((kind) =>
      options.servers.includes(kind),
    );
    if (options.scenarios.includes('paired') && pairedKinds.length >= 2 && !oursSkipped)
      await part(results, `side by side: ${pairedKinds.join(', ')}`, async () => {
        results.paired = await runPaired({
          kinds: [...pairedKinds],
          clients: Math.max(...options.sizes),
          connectChunk: options.quick ? 250 : 1000,
          rounds: options.pairedRounds,
          workersPerServer: options.workers,
          serverCore: options.serverCore,
          loadCore: options.loadCore,
          documentJson: state.documentJson,
          log,
        });
      });
    const connectKinds = (['floor', 'ours'] as const).filter((kind) =>
      options.servers.includes(kind),
    );
    if (options.scenarios.includes('connect') && connectKinds.length > 0 && !oursSkipped)
      await part(results, `connection rate: ${connectKinds.join(', ')}`, async () => {
        results.connectRate = await runConnectRate({
          kinds: [...connectKinds],
          connections: options.quick ? 1000 : 10_000,
          concurrency: 256,
          rounds: options.quick ? 1 : 3,
          serverCore: options.serverCore,
          loadCore: options.loadCore,
          documentJson: state.documentJson,
          log,
        });
      });
    if (fleet && options.scenarios.includes('change') && changeDialects.length > 0 && !oursSkipped)
      await part(results, 'change to client', async () => {
        results.changeLatency = await runChangeLatency(fleet, {
          clients: options.quick ? 200 : 1000,
          writes: options.quick ? 2 : 20,
          seedEvents: options.seedEvents,
          warmups: options.quick ? 0 : 2,
          profileDir: options.profile ? join(options.outDir, 'profiles') : null,
          serverCore: options.serverCore,
          documentJson: state.documentJson,
          postgresUrl: options.postgresUrl,
          dialects: [...changeDialects],
          log,
        });
      });
    if (options.scenarios.includes('http') && options.servers.includes('ours') && !oursSkipped)
      await part(results, 'HTTP fallback', async () => {
        results.http = await runHttpFallback({
          durationSeconds: options.httpSeconds,
          rounds: options.quick ? 1 : 3,
          connections: 32,
          seedEvents: options.seedEvents,
          serverCore: options.serverCore,
          loadCore: options.loadCore,
          documentJson: state.documentJson,
          log,
        });
      });
  } finally {
    await fleet?.stop();
  }
  if (options.scenarios.includes('status'))
    await part(results, 'status computation against database size', async () => {
      results.statusCompute = await runStatusCompute({
        sizes: options.statusSizes,
        postgresUrl: options.postgresUrl,
        runs: options.quick ? 5 : 20,
        log,
      });
    });

  if (options.scenarios.includes('scale')) {
    const { postgresUrl, redisUrl } = options;
    if (!postgresUrl || !redisUrl)
      results.skipped.push({ server: 'scale-out', reason: 'needs PostgreSQL and Redis' });
    else
      await part(
        results,
        `scale-out: ${options.scaleClients} clients over ${options.scaleProcesses} processes`,
        async () => {
          results.scaleOut = await runScaleOut({
            processes: options.scaleProcesses,
            clients: options.scaleClients,
            writes: 10,
            postgresUrl,
            redisUrl,
            serverCore: options.serverCore,
            loadCore: options.loadCore,
            log,
          });
        },
      );
  }

  results.failures.push(...harnessFailures(results, options));
  mkdirSync(options.outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(options.outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(options.outDir, 'latest.md'), markdownReport(results));
  log(`results: ${join(options.outDir, `${stamp}.json`)} and latest.md`);
  if (results.fanout.length) process.stdout.write(`\n${summaryTable(results)}\n`);
  if (results.paired) process.stdout.write(`\nside by side:\n${pairedTable(results, false)}\n`);
  if (results.connectRate.length)
    process.stdout.write(`\nconnection rate:\n${connectRateTable(results, false)}\n`);
  if (results.skipped.length)
    process.stdout.write(
      `skipped: ${results.skipped.map((s) => `${s.server} (${s.reason})`).join('; ')}\n`,
    );
  if (results.failures.length) {
    process.stdout.write(`\nFAILED:\n${results.failures.map((f) => `  ${f}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad option is answered with the usage, not a stack trace.
    const usage = error instanceof Error && error.message.includes('npm run bench --');
    log(
      error instanceof Error
        ? ((usage ? error.message : error.stack) ?? error.message)
        : String(error),
    );
    process.exit(2);
  },
);
