/**
 * `npm run bench` entry: runs the servers side by side under the same load and prints a
 * one-line-per-server summary. `--quick` (CI) runs at most 2000 clients and exits non-zero
 * unless every server answered every client with every update. See BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticDocument } from './document';
import { Fleet } from './load/fleet';
import { describeMachine } from './machine';
import { parseOptions, type BenchOptions } from './options';
import { markdownReport, summaryTable } from './report';
import type { BenchResults } from './results';
import { runFanout } from './scenarios/fanout';
import { SERVER_SPECS } from './servers/kinds';
import { launchServer } from './servers/launch';
import { OursUnavailableError } from './servers/ours';
import { runStatusCompute, StatusEngineUnavailableError } from './scenarios/status-compute';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Pins this process (all threads) to the load-generator core, away from the servers. */
function pinSelf(core: number): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], {
      stdio: 'ignore',
    });
  } catch {
    log(`(could not pin the bench to core ${core})`);
  }
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === OursUnavailableError.name ||
      error.message.includes('OURS_UNAVAILABLE') ||
      error.message.includes('OursUnavailableError'))
  );
}

/** Checks the harness worked: every server answered, every client got every update. */
function harnessFailures(results: BenchResults, options: BenchOptions): string[] {
  const failures: string[] = [];
  for (const kind of options.servers) {
    const spec = SERVER_SPECS[kind];
    if (results.skipped.some((s) => s.server === kind)) continue;
    for (const variant of spec.variants) {
      const rows = results.fanout.filter((row) => row.server === variant.name);
      if (options.scenarios.includes('fanout') && rows.length !== options.sizes.length)
        failures.push(
          `${variant.name}: measured ${rows.length} of ${options.sizes.length} client counts`,
        );
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
  return failures;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  pinSelf(options.loadCore);
  const startedAt = new Date();
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: describeMachine(),
    fanout: [],
    reconnect: [],
    skipped: [],
    changeLatency: [],
    http: [],
    statusCompute: [],
    failures: [],
  };
  log(`bench: ${JSON.stringify(results.machine)}`);
  const documentJson = JSON.stringify(syntheticDocument());
  log(`status document: ${documentJson.length} bytes`);

  if (options.scenarios.includes('fanout')) {
    const fleet = Fleet.start({ workers: options.workers, core: options.loadCore });
    try {
      for (const kind of options.servers) {
        const spec = SERVER_SPECS[kind];
        log(`${spec.label}:`);
        let server;
        try {
          server = await launchServer(kind, { core: options.serverCore, documentJson });
        } catch (error) {
          if (isUnavailable(error)) {
            results.skipped.push({
              server: kind,
              reason: (error as Error).message.split('\n')[0] ?? 'unavailable',
            });
            log(`  skipped: ${(error as Error).message.split('\n')[0]}`);
            continue;
          }
          results.failures.push(`${kind}: did not start: ${(error as Error).message}`);
          log(`  did not start: ${(error as Error).message}`);
          continue;
        }
        try {
          const { rows, reconnect } = await runFanout(spec, server, fleet, {
            sizes: options.sizes,
            warmups: options.warmups,
            broadcasts: options.broadcasts,
            gapMs: options.quick ? 100 : 300,
            reconnect: !options.quick,
            log,
          });
          results.fanout.push(...rows);
          if (reconnect) results.reconnect.push(reconnect);
        } catch (error) {
          results.failures.push(`${kind}: ${(error as Error).message}`);
          log(`  failed: ${(error as Error).stack}`);
        } finally {
          await server.stop();
        }
      }
    } finally {
      await fleet.stop();
    }
  }

  if (options.scenarios.includes('status')) {
    log('status computation against database size:');
    try {
      results.statusCompute = await runStatusCompute({
        sizes: options.statusSizes,
        postgresUrl: options.postgresUrl,
        runs: options.quick ? 5 : 20,
        log,
      });
    } catch (error) {
      if (error instanceof StatusEngineUnavailableError) {
        results.skipped.push({ server: 'status', reason: error.message });
        log(`  skipped: ${error.message}`);
      } else {
        results.failures.push(`status computation: ${(error as Error).message}`);
        log(`  failed: ${(error as Error).stack}`);
      }
    }
  }

  results.failures.push(...harnessFailures(results, options));
  mkdirSync(options.outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(options.outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(options.outDir, 'latest.md'), markdownReport(results));
  log(`results: ${join(options.outDir, `${stamp}.json`)} and latest.md`);
  if (results.fanout.length) process.stdout.write(`\n${summaryTable(results)}\n`);
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
    log(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
