/**
 * Soak: N live clients on the real server for M minutes, with periodic and change-driven
 * broadcasts, connection churn (clients leaving and coming back, and the server rotating old
 * connections), and slow clients (that stop reading for a while). Prints the server's memory,
 * event-loop lag, handles and file descriptors over time, then whether they stayed flat after
 * the warm-up. Not a CI test: a command whose figures go in BENCHMARKS.md.
 *
 *   npx tsx bench/soak/run.ts --clients 20000 --minutes 10
 *
 * Options (all optional): --clients 2000, --minutes 2, --warmup-minutes (a fifth of the run,
 * at most 2), --interval 2 (BROADCAST_INTERVAL, s), --write-every 5 (s between ingest writes),
 * --churn-per-minute (1 % of the clients), --slow 0.01 (share of slow clients), --max-age 300
 * (CONNECTION_MAX_AGE, s), --sample-every 15 (s), --workers (one per 9 000 clients),
 * --addresses 0 (source addresses 127.0.0.2.. for the clients; 0: the system's choice),
 * --database-url (default: in-memory PGlite), --pin-core N (pin the server to core N; default: not pinned).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PATHS } from '@naija-monitor/protocol';
import { describeMachine } from '../machine';
import { IngestWriter } from './ingest-writes';
import { freePort } from '../free-port';
import { loadTestEnvironment, MonitorProcess, type ServerSample } from './monitor-process';
import { flatness, type Series } from './trend';
import { WorkerFleet, type FleetSample } from './worker-fleet';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    minutes: { type: 'string', default: '2' },
    'warmup-minutes': { type: 'string' },
    interval: { type: 'string', default: '2' },
    'write-every': { type: 'string', default: '5' },
    'churn-per-minute': { type: 'string' },
    slow: { type: 'string', default: '0.01' },
    'max-age': { type: 'string', default: '300' },
    'sample-every': { type: 'string', default: '15' },
    workers: { type: 'string' },
    addresses: { type: 'string', default: '0' },
    'database-url': { type: 'string' },
    'pin-core': { type: 'string' },
  },
});

const clients = Number(args.clients);
const minutes = Number(args.minutes);
const warmupMinutes = Number(args['warmup-minutes'] ?? Math.min(2, minutes / 5));
const sampleEveryMs = Number(args['sample-every']) * 1000;
const churnPerMinute = Number(args['churn-per-minute'] ?? clients / 100);
const addresses = Array.from({ length: Number(args.addresses) }, (_, i) => `127.0.0.${i + 2}`);

const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
const delta = (now: Record<string, number>, before: Record<string, number>) =>
  Object.entries(now)
    .map(([key, value]) => [key, value - (before[key] ?? 0)] as const)
    .filter(([, value]) => value > 0)
    .map(([key, value]) => `${key}:${value}`)
    .join(' ') || '-';

interface Row {
  t: number;
  server: ServerSample;
  fleet: FleetSample;
  cpuPercent: number;
  lagP99MaxMs: number | null;
  lagMaxMs: number | null;
  messagesPerSecond: number;
}

async function main(): Promise<void> {
  const port = await freePort();
  const env: Record<string, string> = {
    BROADCAST_INTERVAL: String(args.interval),
    ...loadTestEnvironment(clients, args['database-url']),
    CONNECTION_MAX_AGE: String(args['max-age']),
  };
  // Not pinned by default: on a shared machine a pinned server competes for one core only.
  const core = args['pin-core'] === undefined ? null : Number(args['pin-core']);
  console.log(
    `soak: ${clients} clients for ${minutes} min (warm-up ${warmupMinutes} min), server on 127.0.0.1:${port}`,
  );
  console.log(
    `server env: ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const server = await MonitorProcess.start({ port, env, core });
  const writer = new IngestWriter(port);
  const fleet = await WorkerFleet.start({
    url: `ws://127.0.0.1:${port}${PATHS.websocket[0]}`,
    clients,
    workers: args.workers ? Number(args.workers) : undefined,
    spreadMs: Math.min(60_000, Math.max(5000, clients / 2)),
    churnPerSecond: churnPerMinute / 60,
    slowFraction: Number(args.slow),
    slowToggleMs: 20_000,
    baseDelayMs: 500,
    maxDelayMs: 15_000,
    localAddresses: addresses,
  });

  try {
    await soak(server, fleet, writer, env, port);
  } finally {
    await fleet.stop().catch(() => undefined);
    await server.stop('SIGTERM').catch(() => undefined);
  }
}

async function soak(
  server: MonitorProcess,
  fleet: WorkerFleet,
  writer: IngestWriter,
  env: Record<string, string>,
  port: number,
): Promise<void> {
  // The lag figures cover 2 s windows: poll them often and keep the worst per sample.
  let lagP99MaxMs: number | null = null;
  let lagMaxMs: number | null = null;
  const lagPoll = setInterval(() => {
    fetch(`http://127.0.0.1:${port}/api/v1/monitoring/metrics`)
      .then(
        (r) =>
          r.json() as Promise<{
            event_loop_lag_ms: number | null;
            event_loop_lag_max_ms: number | null;
          }>,
      )
      .then((s) => {
        if (s.event_loop_lag_ms !== null)
          lagP99MaxMs = Math.max(lagP99MaxMs ?? 0, s.event_loop_lag_ms);
        if (s.event_loop_lag_max_ms !== null)
          lagMaxMs = Math.max(lagMaxMs ?? 0, s.event_loop_lag_max_ms);
      })
      .catch(() => undefined);
  }, 2000);
  const writes = setInterval(() => void writer.write(), Number(args['write-every']) * 1000);

  const rows: Row[] = [];
  const startedAt = performance.now();
  const endAt = startedAt + minutes * 60_000;
  let previous: { at: number; server: ServerSample; fleet: FleetSample } | null = null;
  let failedSamples = 0;
  console.log(
    '\n| t s | open | served | server conns | RSS MB | heap MB | handles | fds | lag p99 ms | lag max ms | CPU % | msgs/s | opened | closed (code:n) | refused (status:n) | client RSS MB |',
  );
  console.log(
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  while (performance.now() < endAt) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(sampleEveryMs, endAt - performance.now())),
    );
    const at = performance.now();
    let serverSample: ServerSample;
    let fleetSample: FleetSample;
    try {
      [serverSample, fleetSample] = await Promise.all([server.sample(), fleet.sample()]);
      failedSamples = 0;
    } catch (error) {
      // A server too busy to answer its metrics is a finding, not the end of the run.
      failedSamples += 1;
      console.log(`| ${Math.round((at - startedAt) / 1000)} | sample failed: ${String(error)} |`);
      if (failedSamples >= 5) throw new Error('five samples in a row failed', { cause: error });
      continue;
    }
    const spanMs = previous ? at - previous.at : at - startedAt;
    const row: Row = {
      t: Math.round((at - startedAt) / 1000),
      server: serverSample,
      fleet: fleetSample,
      cpuPercent: previous ? ((serverSample.cpuMs - previous.server.cpuMs) / spanMs) * 100 : NaN,
      lagP99MaxMs,
      lagMaxMs,
      messagesPerSecond: ((fleetSample.messages - (previous?.fleet.messages ?? 0)) / spanMs) * 1000,
    };
    rows.push(row);
    console.log(
      `| ${row.t} | ${fleetSample.open} | ${fleetSample.served} | ${serverSample.connections} | ${mb(serverSample.rssBytes)} | ${mb(serverSample.heapUsedBytes)} | ${serverSample.handles} | ${serverSample.fds} | ${lagP99MaxMs ?? '-'} | ${lagMaxMs ?? '-'} | ${row.cpuPercent.toFixed(0)} | ${row.messagesPerSecond.toFixed(0)} | ${fleetSample.opened - (previous?.fleet.opened ?? 0)} | ${delta(fleetSample.closed, previous?.fleet.closed ?? {})} | ${delta(fleetSample.refused, previous?.fleet.refused ?? {})} | ${mb(fleetSample.rssBytes)} |`,
    );
    lagP99MaxMs = null;
    lagMaxMs = null;
    previous = { at, server: serverSample, fleet: fleetSample };
  }

  clearInterval(lagPoll);
  clearInterval(writes);
  const steady = rows.filter((row) => row.t >= warmupMinutes * 60);
  const series = (pick: (row: Row) => number): Series =>
    steady.map((row) => ({ t: row.t, value: pick(row) }));
  const verdicts = {
    rssMb: flatness(series((r) => r.server.rssBytes / 1024 ** 2)),
    heapMb: flatness(series((r) => r.server.heapUsedBytes / 1024 ** 2)),
    handles: flatness(series((r) => r.server.handles)),
    fds: flatness(series((r) => r.server.fds)),
    lagP99Ms: flatness(series((r) => r.lagP99MaxMs ?? 0)),
  };
  console.log(
    `\nAfter the ${warmupMinutes}-minute warm-up (${steady.length} samples): slope per minute, and last third against first third`,
  );
  for (const [name, v] of Object.entries(verdicts)) {
    console.log(
      `- ${name}: ${v.slopePerMinute.toFixed(2)}/min, first third ${v.firstThird.toFixed(1)}, last third ${v.lastThird.toFixed(1)} (${v.changePercent.toFixed(1)} %)`,
    );
  }
  const last = rows.at(-1);
  console.log(
    `\nwrites: ${writer.writes} ok, ${writer.failures} failed; clients open at the end: ${last?.fleet.open}/${clients}; ` +
      `server connections: ${last?.server.connections}; refused by reason (server): ${JSON.stringify(last?.server.refused)}; ` +
      `closed by reason (server): ${JSON.stringify(last?.server.closed)}`,
  );

  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(
    file,
    JSON.stringify(
      {
        args,
        machine: describeMachine(),
        env,
        rows,
        verdicts,
        writes: writer.writes,
        writeFailures: writer.failures,
      },
      null,
      2,
    ),
  );
  console.log(`results: ${file.pathname}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
