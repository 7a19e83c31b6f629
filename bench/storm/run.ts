/**
 * Reconnect storm: N live clients on the real server, then the server dies (`kill -9`, or a
 * graceful SIGTERM with `--mode term`) and comes back on the same port. Every client reconnects
 * with full-jitter backoff and honours `Retry-After`; the server admits at most
 * `MAX_HANDSHAKES_PER_SECOND` and refuses the rest with 503. Prints how long until every
 * client was served again, the accepts per second (by the server's clock), the refusals, and
 * the server's event-loop lag and CPU during the storm.
 *
 *   npx tsx bench/storm/run.ts --clients 10000 --rate 1000
 *
 * Options: --clients 5000, --rate 1000 (MAX_HANDSHAKES_PER_SECOND), --mode kill|term,
 * --down-seconds 2, --interval 2 (BROADCAST_INTERVAL), --workers, --database-url (default:
 * in-memory PGlite), --pin-core N (default: not pinned), --timeout-seconds 300.
 */
import { parseArgs } from 'node:util';
import { PATHS } from '@naija-monitor/protocol';
import { describeMachine } from '../machine';
import { freePort } from '../free-port';
import { loadTestEnvironment, MonitorProcess } from '../soak/monitor-process';
import { WorkerFleet, type FleetSample } from '../soak/worker-fleet';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '1000' },
    mode: { type: 'string', default: 'kill' },
    'down-seconds': { type: 'string', default: '2' },
    interval: { type: 'string', default: '2' },
    workers: { type: 'string' },
    'database-url': { type: 'string' },
    'pin-core': { type: 'string' },
    'timeout-seconds': { type: 'string', default: '300' },
  },
});

const clients = Number(args.clients);
const rate = Number(args.rate);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitServed(
  fleet: WorkerFleet,
  servedAt: number[],
  timeoutMs: number,
  onSample?: (sample: FleetSample) => void,
): Promise<FleetSample> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const sample = await fleet.sample();
    servedAt.push(...sample.servedAt);
    onSample?.(sample);
    if (sample.served >= clients) return sample;
    if (performance.now() > deadline) {
      throw new Error(`only ${sample.served}/${clients} clients served after ${timeoutMs} ms`);
    }
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const env: Record<string, string> = {
    BROADCAST_INTERVAL: String(args.interval),
    ...loadTestEnvironment(clients, args['database-url']),
    MAX_HANDSHAKES_PER_SECOND: String(rate),
  };
  // Not pinned by default: on a shared machine a pinned server competes for one core only.
  const core = args['pin-core'] === undefined ? null : Number(args['pin-core']);
  const timeoutMs = Number(args['timeout-seconds']) * 1000;
  console.log(
    `storm: ${clients} clients, MAX_HANDSHAKES_PER_SECOND=${rate}, restart by ${args.mode === 'term' ? 'SIGTERM' : 'SIGKILL'}, port ${port}`,
  );
  console.log(JSON.stringify(describeMachine()));
  let server = await MonitorProcess.start({ port, env, core });
  const fleet = await WorkerFleet.start({
    url: `ws://127.0.0.1:${port}${PATHS.websocket[0]}`,
    clients,
    workers: args.workers ? Number(args.workers) : undefined,
    spreadMs: 2000,
    churnPerSecond: 0,
    slowFraction: 0,
    slowToggleMs: 20_000,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    localAddresses: [],
  });
  const firstServed: number[] = [];
  const connectStarted = performance.now();
  const before = await waitServed(fleet, firstServed, timeoutMs);
  console.log(
    `initial connect: ${clients} served in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s (paced by the same limit)`,
  );

  const stoppedAt = performance.now();
  await server.stop(args.mode === 'term' ? 'SIGTERM' : 'SIGKILL');
  await sleep(Number(args['down-seconds']) * 1000);
  server = await MonitorProcess.start({ port, env, core });
  const upAt = performance.now();
  const upAtWall = Date.now();
  const cpuAtUp = (await server.sample()).cpuMs;
  let lagP99Ms = 0;
  let lagMaxMs = 0;
  const lagPoll = setInterval(() => {
    server
      .sample()
      .then((s) => {
        lagP99Ms = Math.max(lagP99Ms, s.lagP99Ms ?? 0);
        lagMaxMs = Math.max(lagMaxMs, s.lagMaxMs ?? 0);
      })
      .catch(() => undefined);
  }, 1000);
  // The server's own count of live connections, every 200 ms, stamped by the server's clock:
  // accepts per second without any client-side skew.
  const counts: { at: number; total: number }[] = [];
  let polling = true;
  const countPoll = (async () => {
    while (polling) {
      await server
        .connections()
        .then((c) => counts.push(c))
        .catch(() => undefined);
      await sleep(200);
    }
  })();
  const served: number[] = [];
  const after = await waitServed(fleet, served, timeoutMs);
  const backMs = performance.now() - upAt;
  polling = false;
  await countPoll;
  clearInterval(lagPoll);
  const end = await server.sample();
  const cpuPercent = ((end.cpuMs - cpuAtUp) / backMs) * 100;

  const firstAt = counts[0]?.at ?? upAtWall;
  const perSecond = new Map<number, number>();
  for (let i = 1; i < counts.length; i++) {
    const second = Math.floor((counts[i]!.at - firstAt) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + counts[i]!.total - counts[i - 1]!.total);
  }
  // Most accepts between two counts at most a second apart.
  let busiestSecond = 0;
  for (let i = 0; i < counts.length; i++) {
    for (let j = i + 1; j < counts.length && counts[j]!.at - counts[i]!.at <= 1000; j++) {
      busiestSecond = Math.max(busiestSecond, counts[j]!.total - counts[i]!.total);
    }
  }
  const accepts = (counts.at(-1)?.total ?? 0) - (counts[0]?.total ?? 0);
  const refused = Object.fromEntries(
    Object.entries(after.refused).map(([status, n]) => [status, n - (before.refused[status] ?? 0)]),
  );
  console.log('\n| second after restart (server clock) | accepts |');
  console.log('| --- | --- |');
  for (const [second, count] of [...perSecond.entries()].sort((a, b) => a[0] - b[0])) {
    console.log(`| ${second} | ${count} |`);
  }
  console.log(
    `\n| clients | rate limit /s | restart | down s | all back after s | accepts | busiest 1 s | refused (status:n) | max Retry-After s | failed attempts | server lag p99 ms | lag max ms | server CPU % |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${clients} | ${rate} | ${args.mode === 'term' ? 'SIGTERM' : 'SIGKILL'} | ${((upAt - stoppedAt) / 1000).toFixed(1)} | ${(backMs / 1000).toFixed(1)} | ${accepts} (+${counts[0]?.total ?? 0} before the first count) | ${busiestSecond} | ${JSON.stringify(refused)} | ${after.maxRetryAfterSeconds} | ${after.failed - before.failed} | ${lagP99Ms.toFixed(1)} | ${lagMaxMs.toFixed(1)} | ${cpuPercent.toFixed(0)} |`,
  );
  console.log(
    `closes seen by clients: ${JSON.stringify(after.closed)}; server refusals: ${JSON.stringify(end.refused)}`,
  );
  await fleet.stop();
  await server.stop('SIGTERM');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
