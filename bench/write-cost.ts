/**
 * What one write to one TCP socket costs the sender, by message size:
 * `npx tsx bench/write-cost.ts [--clients=10000] [--sizes=240,7000,65000] [--rounds=5] [--perf]`.
 *
 * No WebSocket and no framework: a plain `net` server writes the same buffer to every socket,
 * clients in four child processes read and drop it, and the server's user and system CPU per
 * write is printed per size, sizes alternating round by round. With `--perf` (root and Linux
 * `perf`), each size is also sampled with `perf record -g` and the kernel's share is split into
 * the parts of a loopback write: the send path, the receiver's path that loopback runs in the
 * sender's context, the wake-up of the reader, and the copy of the bytes.
 *
 * It answers one question of issue #17: how far below the full-document floor can fewer bytes
 * take the CPU per client? Only as far as the copy's share of a write.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './stats';

const USAGE =
  'npx tsx bench/write-cost.ts [--clients=10000] [--sizes=240,7000,65000] [--rounds=5] [--perf]';
const CLIENT_PROCESSES = 4;
const WRITES_PER_ROUND = 5;
const GAP_MS = 400;

/** A client process: opens `count` connections to `port` and reads whatever arrives. */
const CLIENT_SOURCE = `
const net = require('node:net');
const [port, count] = process.argv.slice(1).map(Number);
(async () => {
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', () => {});
    socket.on('error', () => {});
    if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 5));
  }
})();
`;

/** The kernel functions whose inclusive share of the samples the `--perf` table shows. */
const KERNEL_PARTS = [
  ['kernel, all', '[kernel]'],
  ['send path (tcp_sendmsg)', 'tcp_sendmsg'],
  ["receiver's path run by the sender (net_rx_action)", 'net_rx_action'],
  ['wake the reader (sock_def_readable)', 'sock_def_readable'],
  ['copy the bytes (_copy_from_iter)', '_copy_from_iter'],
] as const;

interface Options {
  clients: number;
  sizes: number[];
  rounds: number;
  perf: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '10000' },
      sizes: { type: 'string', default: '240,7000,65000' },
      rounds: { type: 'string', default: '5' },
      perf: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (text: string, name: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name}: ${text} is not a whole number above 0\n${USAGE}`);
    return n;
  };
  return {
    clients: whole(values.clients, 'clients'),
    sizes: values.sizes.split(',').map((size) => whole(size.trim(), 'sizes')),
    rounds: whole(values.rounds, 'rounds'),
    perf: values.perf,
  };
}

/** Writes `buffer` to every socket `WRITES_PER_ROUND` times; CPU µs per write. */
async function measure(
  sockets: Socket[],
  buffer: Buffer,
): Promise<{ user: number; system: number }> {
  let user = 0;
  let system = 0;
  for (let i = 0; i < WRITES_PER_ROUND; i++) {
    const before = process.cpuUsage();
    for (const socket of sockets) socket.write(buffer);
    const used = process.cpuUsage(before);
    user += used.user;
    system += used.system;
    await sleep(GAP_MS);
  }
  const writes = sockets.length * WRITES_PER_ROUND;
  return { user: user / writes, system: system / writes };
}

/** Inclusive share (%) of each of {@link KERNEL_PARTS} in a `perf record -g` file. */
function kernelShares(perfData: string): Map<string, number> {
  const shares = new Map<string, number>();
  const byDso = spawnSync(
    'perf',
    ['report', '-i', perfData, '--no-children', '--sort', 'dso', '--stdio'],
    {
      encoding: 'utf8',
    },
  );
  const kernel = /^\s+([\d.]+)%\s+\[kernel\.kallsyms\]/m.exec(byDso.stdout);
  shares.set('[kernel]', kernel ? Number(kernel[1]) : Number.NaN);
  const bySymbol = spawnSync(
    'perf',
    ['report', '-i', perfData, '--children', '--sort', 'sym', '--stdio'],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  for (const line of bySymbol.stdout.split('\n')) {
    const match = /^\s+([\d.]+)%\s+[\d.]+%\s+\[k\]\s+(\S+)\s*$/.exec(line);
    if (match && !shares.has(match[2]!)) shares.set(match[2]!, Number(match[1]));
  }
  return shares;
}

async function perfProfile(
  sockets: Socket[],
  buffer: Buffer,
  dir: string,
): Promise<Map<string, number>> {
  const output = join(dir, `write-${buffer.length}.data`);
  const recorder = spawn('perf', ['record', '-g', '-o', output, '-p', String(process.pid)], {
    stdio: 'ignore',
  });
  await sleep(500);
  await measure(sockets, buffer);
  recorder.kill('SIGINT');
  await new Promise((resolve) => recorder.once('exit', resolve));
  return kernelShares(output);
}

const options = readOptions();
const sockets: Socket[] = [];
const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', () => {});
  sockets.push(socket);
});
await new Promise<void>((resolve) =>
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve),
);
const { port } = server.address() as AddressInfo;
const perProcess = Math.ceil(options.clients / CLIENT_PROCESSES);
const children: ChildProcess[] = [];
const stopChildren = () => {
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
};
process.once('exit', stopChildren);
try {
  for (let i = 0; i < CLIENT_PROCESSES; i++)
    children.push(
      spawn(process.execPath, ['-e', CLIENT_SOURCE, String(port), String(perProcess)], {
        stdio: 'ignore',
        detached: true,
      }),
    );
  const deadline = Date.now() + 120_000;
  while (sockets.length < perProcess * CLIENT_PROCESSES) {
    if (Date.now() > deadline) throw new Error(`only ${sockets.length} clients connected in 120 s`);
    await sleep(100);
  }
  console.log(
    `${sockets.length} sockets; ${options.rounds} rounds of ${WRITES_PER_ROUND} writes to each per size`,
  );
  const buffers = options.sizes.map((size) => Buffer.alloc(size, 'x'));
  await measure(sockets, buffers[0]!); // warm-up
  const samples = new Map<number, { user: number; system: number }[]>();
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? buffers : [...buffers].reverse();
    for (const buffer of order) {
      const list = samples.get(buffer.length) ?? [];
      list.push(await measure(sockets, buffer));
      samples.set(buffer.length, list);
    }
  }
  const totals = options.sizes.map((size) => {
    const list = samples.get(size) ?? [];
    return {
      size,
      user: median(list.map((s) => s.user)),
      system: median(list.map((s) => s.system)),
      total: median(list.map((s) => s.user + s.system)),
    };
  });
  const reference =
    totals.find((row) => row.size === Math.max(...options.sizes.filter((s) => s <= 7000))) ??
    totals[0]!;
  console.log(
    `\nCPU per write (median of ${options.rounds} rounds), × the ${reference.size} B write:`,
  );
  console.table(
    totals.map((row) => ({
      bytes: row.size,
      'user µs': row.user.toFixed(2),
      'system µs': row.system.toFixed(2),
      'total µs': row.total.toFixed(2),
      [`× ${reference.size} B`]: (row.total / reference.total).toFixed(2),
    })),
  );
  if (options.perf) {
    const hasPerf = spawnSync('perf', ['--version']).status === 0;
    if (!hasPerf) console.log('\n--perf: no `perf` here (apt-get install -y linux-perf); skipped');
    else {
      const dir = mkdtempSync(join(tmpdir(), 'write-cost-'));
      try {
        const columns = new Map<number, Map<string, number>>();
        for (const buffer of buffers)
          columns.set(buffer.length, await perfProfile(sockets, buffer, dir));
        console.log(
          "\nShare of the server's samples during the writes (perf record -g, inclusive %):",
        );
        console.table(
          KERNEL_PARTS.map(([label, symbol]) =>
            Object.fromEntries([
              ['part', label],
              ...options.sizes.map((size) => [
                `${size} B`,
                (columns.get(size)?.get(symbol) ?? 0).toFixed(1),
              ]),
            ]),
          ),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  stopChildren();
  for (const socket of sockets) socket.destroy();
  server.close();
}
