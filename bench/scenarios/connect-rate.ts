import { sleep } from '../clock';
import { IpcClient, spawnPinned } from '../ipc';
import type { HandshakeCommands } from '../load/handshake-worker';
import type { ConnectRateRow } from '../results';
import { median } from '../stats';
import { SERVER_SPECS, type ServerKind } from '../servers/kinds';
import { launchSideBySide, type ServerHandle, type SideBySideOptions } from '../servers/launch';

/** Options of {@link runConnectRate}. */
export interface ConnectRateOptions extends SideBySideOptions {
  /** Connections opened per round and server (one server address: stay under ~14 000). */
  connections: number;
  concurrency: number;
  rounds: number;
}

interface Contender {
  kind: ServerKind;
  server: ServerHandle;
  rates: number[];
  cpuUs: number[];
  loadCpuUs: number[];
  failed: number;
  errors: Set<string>;
}

/**
 * How fast one server core accepts WebSocket clients: a load generator that speaks just enough
 * of the handshake (raw TCP, a pre-built upgrade request; see load/handshake-worker.ts) opens
 * `connections` clients as fast as the server answers, each counted once its `101` and first
 * update have arrived. Rounds alternate between the servers; each round ends by dropping
 * every client. Reported: the median rate over the rounds, and the server's CPU per client.
 */
export async function runConnectRate(options: ConnectRateOptions): Promise<ConnectRateRow[]> {
  const contenders: Contender[] = [];
  const worker = new IpcClient<HandshakeCommands>(
    spawnPinned(new URL('../load/handshake-worker.ts', import.meta.url), {
      core: options.loadCore,
      nodeArgs: ['--max-old-space-size=4096'],
    }),
  );
  try {
    const servers = await launchSideBySide(options.kinds, {
      core: options.serverCore,
      documentJson: options.documentJson,
    });
    servers.forEach((server, i) =>
      contenders.push({
        kind: options.kinds[i]!,
        server,
        rates: [],
        cpuUs: [],
        loadCpuUs: [],
        failed: 0,
        errors: new Set(),
      }),
    );
    for (let round = 0; round < options.rounds; round++) {
      for (const contender of contenders) {
        const { server, kind } = contender;
        await server.cpu();
        await worker.request('cpu', {});
        const result = await worker.request(
          'open',
          {
            host: '127.0.0.1',
            port: server.port,
            path: SERVER_SPECS[kind].livePath,
            count: options.connections,
            concurrency: options.concurrency,
          },
          300_000,
        );
        const cpu = await server.cpu();
        const load = await worker.request('cpu', {});
        contender.loadCpuUs.push(
          ((load.userMs + load.systemMs) * 1000) / Math.max(1, result.opened),
        );
        contender.rates.push((result.opened / result.elapsedMs) * 1000);
        contender.cpuUs.push(((cpu.userMs + cpu.systemMs) * 1000) / Math.max(1, result.opened));
        contender.failed += result.failed;
        for (const error of result.errors) contender.errors.add(error);
        await worker.request('close-all', {}, 120_000);
        await sleep(1000);
      }
    }
    const rows = contenders.map((contender): ConnectRateRow => ({
      server: contender.kind,
      connections: options.connections,
      rounds: options.rounds,
      ratePerSecond: median(contender.rates),
      rateMin: Math.min(...contender.rates),
      rateMax: Math.max(...contender.rates),
      serverCpuUsPerClient: median(contender.cpuUs),
      loadCpuUsPerClient: median(contender.loadCpuUs),
      failed: contender.failed,
      errors: [...contender.errors],
    }));
    for (const row of rows)
      options.log(
        `  ${row.server}: ${row.ratePerSecond.toFixed(0)} clients/s (rounds ${row.rateMin.toFixed(0)}-${row.rateMax.toFixed(0)}), ` +
          `server ${row.serverCpuUsPerClient.toFixed(0)} µs/client, load generator ${row.loadCpuUsPerClient.toFixed(0)} µs/client, ${row.failed} failed`,
      );
    return rows;
  } finally {
    await worker.request('exit', {}, 5_000).catch(() => worker.kill());
    await worker.waitForExit(5_000).catch(() => {});
    for (const { server } of contenders) await server.stop().catch(() => {});
  }
}
