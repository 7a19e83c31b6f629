import { loadavg } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../clock';
import type { Fleet } from '../load/fleet';
import { HttpProbe } from '../load/http-probe';
import type { FanoutRow, ReconnectRow } from '../results';
import { median, summarize } from '../stats';
import type { BroadcastSample, LagSample, MemorySample } from '../servers/commands';
import type { ServerSpec } from '../servers/kinds';
import type { ServerHandle } from '../servers/launch';

/** Options of {@link runFanout}. */
export interface FanoutOptions {
  /** Where to write a CPU profile of each variant's measured broadcasts; null: no profiles. */
  profileDir: string | null;
  /** Client counts, ascending; the server keeps its clients from one count to the next. */
  sizes: number[];
  warmups: number;
  broadcasts: number;
  /** Gap between broadcasts, so each one starts on an idle server. */
  gapMs: number;
  /** Reconnect every client at the largest count and time it. */
  reconnect: boolean;
  /**
   * CI smoke run: slow variants (with a `maxBroadcasts`) run at the smallest client count only,
   * one broadcast, no warm-up.
   */
  quick: boolean;
  log: (line: string) => void;
}

const KB = 1024;

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}
const MB = 1024 * 1024;

/**
 * Ramps one server through the client counts. At each count: open the new clients (connect
 * rate), wait for their first update, GC and read memory (marginal per client), then run each
 * broadcast variant: warm-ups, then measured broadcasts, each awaited until every client has it.
 */
export async function runFanout(
  spec: ServerSpec,
  server: ServerHandle,
  fleet: Fleet,
  options: FanoutOptions,
): Promise<{ rows: FanoutRow[]; reconnect: ReconnectRow | null }> {
  // Every address of the server, so that no source-destination pair nears the ~14 000
  // connections where connect() slows down (see second-listener.ts).
  const url = server.addresses.map(({ host, port }) => `ws://${host}:${port}${spec.livePath}`);
  const probe = new HttpProbe(`http://127.0.0.1:${server.port}${spec.helloPath}`);
  const rows: FanoutRow[] = [];
  let lastSeq = 0;
  let previousMemory: MemorySample = await server.memory();
  let previousClients = 0;
  let reconnect: ReconnectRow | null = null;
  try {
    for (const size of options.sizes) {
      await server.cpu();
      await fleet.cpuMs();
      if (options.profileDir) await server.profileStart();
      const connect = await fleet.connect(url, size - fleet.held, spec.dialect);
      const initial = await fleet.awaitSeq(lastSeq, 30_000);
      const serverCpu = await server.cpu();
      const loadCpuMs = await fleet.cpuMs();
      if (options.profileDir) {
        const path = join(options.profileDir, `${spec.kind}-connect-${size}.cpuprofile`);
        mkdirSync(options.profileDir, { recursive: true });
        await server.profileStop(path);
        options.log(`  profile of the connections: ${path}`);
      }
      const connectLog = await fleet.collect();
      await sleep(300);
      const memory = await server.memory();
      const clients = memory.connections;
      const added = clients - previousClients;
      options.log(
        `  ${spec.kind} ${size}: connected ${connect.opened} (+${connect.failed} failed) at ${Math.round(connect.ratePerSecond)}/s, ` +
          `server ${(((serverCpu.userMs + serverCpu.systemMs) * 1000) / Math.max(1, connect.opened)).toFixed(0)} µs/conn, ` +
          `load generators ${((loadCpuMs * 1000) / Math.max(1, connect.opened)).toFixed(0)} µs/conn, ` +
          `rss ${(memory.rss / MB).toFixed(0)} MB, server sees ${clients}`,
      );
      const notes: string[] = [...connect.errors.map((error) => `connect: ${error}`)];
      if (initial.behind > 0) notes.push(`${initial.behind} clients got no first update`);
      for (const variant of spec.variants) {
        const timeoutMs = Math.max(15_000, size * 5);
        const samples: {
          broadcast: BroadcastSample;
          lag: LagSample;
          probeMaxMs: number;
          behind: number;
        }[] = [];
        const slow = variant.maxBroadcasts !== undefined;
        if (slow && options.quick && size !== options.sizes[0]) continue;
        const measured = Math.min(
          options.broadcasts,
          slow && options.quick ? 1 : (variant.maxBroadcasts ?? Infinity),
        );
        // A slow variant (seconds per broadcast) warms up within its first broadcast.
        const warmups = slow ? 0 : options.warmups;
        for (let i = 0; i < warmups + measured; i++) {
          if (options.profileDir && i === warmups) await server.profileStart();
          await server.lagStart();
          probe.start();
          const broadcast = await server.broadcast(variant.mode);
          const waited = await fleet.awaitSeq(broadcast.seq, timeoutMs);
          const lag = await server.lagStop();
          const probed = await probe.stop();
          lastSeq = broadcast.seq;
          if (i >= warmups)
            samples.push({
              broadcast,
              lag,
              probeMaxMs: Math.max(0, ...probed.latenciesMs),
              behind: waited.behind,
            });
          await sleep(options.gapMs);
        }
        if (options.profileDir) {
          mkdirSync(options.profileDir, { recursive: true });
          const path = join(
            options.profileDir,
            `${variant.name.replace(/:/g, '-')}-${size}.cpuprofile`,
          );
          await server.profileStop(path);
          options.log(`  profile of the measured broadcasts: ${path}`);
        }
        const lagSummary = summarize(concat(samples.map((s) => s.lag.delaysMs)));
        const received = await fleet.collect();
        const startedAt = new Map(samples.map((s) => [s.broadcast.seq, s.broadcast.startedAtMs]));
        const latencies: number[] = [];
        const completeBySeq = new Map<number, number>();
        for (let i = 0; i < received.seq.length; i++) {
          const seq = received.seq[i] as number;
          const began = startedAt.get(seq);
          if (began === undefined) continue;
          const latency = (received.receivedAtMs[i] as number) - began;
          latencies.push(latency);
          completeBySeq.set(seq, Math.max(completeBySeq.get(seq) ?? 0, latency));
        }
        const delivery = summarize(latencies);
        const loopMs = median(samples.map((s) => s.broadcast.loopMs));
        const cpuMs = median(samples.map((s) => s.broadcast.cpuUserMs + s.broadcast.cpuSystemMs));
        const row: FanoutRow = {
          server: variant.name,
          clients,
          loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
          connect: {
            ratePerSecond: connect.ratePerSecond,
            opened: connect.opened,
            failed: connect.failed,
            handshakeP99Ms: summarize(connect.handshakeMs).p99,
            serverCpuUsPerClient:
              ((serverCpu.userMs + serverCpu.systemMs) * 1000) / Math.max(1, connect.opened),
            loadCpuUsPerClient: (loadCpuMs * 1000) / Math.max(1, connect.opened),
          },
          memory: {
            rssMb: memory.rss / MB,
            heapUsedMb: memory.heapUsed / MB,
            rssPerClientKb: added > 0 ? (memory.rss - previousMemory.rss) / added / KB : Number.NaN,
            heapPerClientKb:
              added > 0 ? (memory.heapUsed - previousMemory.heapUsed) / added / KB : Number.NaN,
          },
          broadcast: {
            loopMs,
            cpuMs,
            cpuSystemShare: median(
              samples.map(
                (s) => s.broadcast.cpuSystemMs / (s.broadcast.cpuUserMs + s.broadcast.cpuSystemMs),
              ),
            ),
            loopUsPerClient: (loopMs * 1000) / Math.max(1, clients),
            completeMs: median([...completeBySeq.values()]),
            deliveryP50Ms: delivery.p50,
            deliveryP99Ms: delivery.p99,
            deliveryMaxMs: delivery.max,
            lagP99Ms: lagSummary.p99,
            lagMaxMs: lagSummary.max,
            probeMaxMs: Math.max(...samples.map((s) => s.probeMaxMs)),
            broadcasts: samples.length,
          },
          missed: connectLog.missed + received.missed,
          duplicated: connectLog.duplicated + received.duplicated,
          behind: samples.reduce((n, s) => n + s.behind, 0) + initial.behind,
          errors: connectLog.errors + received.errors,
          closedUnexpectedly: connectLog.closedUnexpectedly + received.closedUnexpectedly,
          notes: [...notes, ...received.errorMessages],
        };
        rows.push(row);
        options.log(
          `  ${variant.name} ${clients}: loop ${loopMs.toFixed(1)} ms (${row.broadcast.loopUsPerClient.toFixed(1)} µs/client), ` +
            `cpu ${cpuMs.toFixed(1)} ms, delivery p50 ${delivery.p50.toFixed(1)} p99 ${delivery.p99.toFixed(1)} ms, ` +
            `lag p99 ${row.broadcast.lagP99Ms.toFixed(1)} max ${row.broadcast.lagMaxMs.toFixed(1)} ms, ` +
            `missed ${row.missed}, behind ${row.behind} (load ${row.loadAverage1m})`,
        );
      }
      previousMemory = memory;
      previousClients = clients;
    }
    if (options.reconnect && fleet.held > 0) {
      const clients = fleet.held;
      await fleet.closeAll();
      await sleep(1000);
      const again = await fleet.connect(url, clients, spec.dialect);
      await fleet.awaitSeq(lastSeq, 30_000);
      await fleet.collect();
      reconnect = {
        server: spec.kind,
        clients,
        elapsedMs: again.elapsedMs,
        ratePerSecond: again.ratePerSecond,
        failed: again.failed,
      };
      options.log(
        `  ${spec.kind}: reconnect of ${clients} took ${again.elapsedMs.toFixed(0)} ms (${again.failed} failed)`,
      );
    }
  } finally {
    probe.close();
    await fleet.closeAll();
    await fleet.collect();
  }
  return { rows, reconnect };
}
