import { sleep } from '../clock';
import { Fleet } from '../load/fleet';
import type { PairedResult, PairedServerRow } from '../results';
import { median } from '../stats';
import { SERVER_SPECS, type ServerKind } from '../servers/kinds';
import { launchSideBySide, type ServerHandle, type SideBySideOptions } from '../servers/launch';

/** Options of {@link runPaired}. */
export interface PairedOptions extends SideBySideOptions {
  clients: number;
  /** Clients opened per server per turn while connecting (the connect cost is paired too). */
  connectChunk: number;
  rounds: number;
  workersPerServer: number;
}

interface Contender {
  kind: ServerKind;
  server: ServerHandle;
  fleet: Fleet;
  url: string[];
  lastSeq: number;
  connectUs: number[];
  /** Each broadcast variant of the kind (ours-v2: a tick and a typical change), measured in turn. */
  variants: { name: string; mode: string | undefined; cpuMs: number[]; loopMs: number[] }[];
}

/**
 * The servers side by side, not one after the other: all of them hold `clients` clients at
 * once (each with its own load-generator processes), and their connections and broadcasts
 * alternate, chunk by chunk and round by round, the order turning every round. Whatever else
 * the machine does then weighs on every server alike, and the ratio of each round's CPU time
 * to the first server's in the same round is what varies least from run to run: on a shared
 * VM, figures measured minutes apart differ by ±20 %, more than the margins being checked.
 */
export async function runPaired(options: PairedOptions): Promise<PairedResult> {
  const contenders: Contender[] = [];
  try {
    const servers = await launchSideBySide(options.kinds, {
      core: options.serverCore,
      documentJson: options.documentJson,
    });
    servers.forEach((server, i) => {
      const kind = options.kinds[i]!;
      const spec = SERVER_SPECS[kind];
      contenders.push({
        kind,
        server,
        fleet: Fleet.start({ workers: options.workersPerServer, core: options.loadCore }),
        url: server.addresses.map(({ host, port }) => `ws://${host}:${port}${spec.livePath}`),
        lastSeq: 0,
        connectUs: [],
        variants: spec.variants.map((variant) => ({
          name: variant.name,
          mode: variant.mode,
          cpuMs: [],
          loopMs: [],
        })),
      });
    });
    for (let held = 0, turn = 0; held < options.clients; held += options.connectChunk, turn++) {
      const count = Math.min(options.connectChunk, options.clients - held);
      for (const contender of rotate(contenders, turn)) {
        const { server, fleet, kind } = contender;
        await server.cpu();
        const connect = await fleet.connect(contender.url, count, SERVER_SPECS[kind].dialect);
        await fleet.awaitSeq(contender.lastSeq, 30_000);
        const cpu = await server.cpu();
        if (connect.failed > 0)
          throw new Error(`${kind}: ${connect.failed} clients failed to connect`);
        contender.connectUs.push(((cpu.userMs + cpu.systemMs) * 1000) / connect.opened);
      }
    }
    options.log(`  ${options.clients} clients on each of ${options.kinds.join(', ')}`);
    let missed = 0;
    for (let round = 0; round < options.rounds; round++) {
      for (const contender of rotate(contenders, round)) {
        const { server, fleet } = contender;
        for (const variant of contender.variants) {
          const broadcast = await server.broadcast(variant.mode);
          const waited = await fleet.awaitSeq(broadcast.seq, Math.max(15_000, options.clients * 5));
          missed += waited.behind;
          contender.lastSeq = broadcast.seq;
          variant.cpuMs.push(broadcast.cpuUserMs + broadcast.cpuSystemMs);
          variant.loopMs.push(broadcast.loopMs);
          await sleep(300);
        }
      }
    }
    for (const { fleet } of contenders) {
      const received = await fleet.collect();
      missed += received.missed + received.duplicated;
    }
    const [firstContender] = contenders;
    const first = firstContender?.variants[0];
    const ours = contenders.find((contender) => contender.kind === 'ours')?.variants[0];
    const measured = contenders.flatMap((contender) =>
      contender.variants.map((variant) => ({ contender, ...variant })),
    );
    const rows: PairedServerRow[] = measured.map((contender) => {
      const cpuRatios = contender.cpuMs.map((ms, i) => ms / (first?.cpuMs[i] ?? ms));
      const connectRatios = contender.contender.connectUs.map(
        (us, i) => us / (firstContender?.connectUs[i] ?? us),
      );
      return {
        server: contender.name,
        connectUsPerClient: median(contender.contender.connectUs),
        connectRatio: median(connectRatios),
        broadcastCpuMs: median(contender.cpuMs),
        broadcastLoopMs: median(contender.loopMs),
        cpuRatio: median(cpuRatios),
        cpuRatioMin: Math.min(...cpuRatios),
        cpuRatioMax: Math.max(...cpuRatios),
        cpuRatioToOurs: ours
          ? median(contender.cpuMs.map((ms, i) => ms / (ours.cpuMs[i] ?? ms)))
          : null,
      };
    });
    for (const row of rows)
      options.log(
        `  ${row.server}: connect ${row.connectUsPerClient.toFixed(0)} µs/client (${row.connectRatio.toFixed(2)}× ${first?.name}), ` +
          `broadcast CPU ${row.broadcastCpuMs.toFixed(1)} ms, ${row.cpuRatio.toFixed(2)}× ${first?.name} ` +
          `(rounds ${row.cpuRatioMin.toFixed(2)}-${row.cpuRatioMax.toFixed(2)})` +
          (row.cpuRatioToOurs === null ? '' : `, ${row.cpuRatioToOurs.toFixed(2)}× ours`),
      );
    return {
      clients: options.clients,
      rounds: options.rounds,
      connectChunk: options.connectChunk,
      reference: first?.name ?? '',
      rows,
      missed,
    };
  } finally {
    for (const { fleet, server } of contenders) {
      await fleet.closeAll().catch(() => {});
      await fleet.stop().catch(() => {});
      await server.stop().catch(() => {});
    }
  }
}

/** `items` starting at `turn` (mod length): who goes first changes every turn. */
function rotate<T>(items: T[], turn: number): T[] {
  const start = turn % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
