import type { BenchResults, FanoutRow } from './results';

type Cell = string | number;

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function ratio(value: number, floor: number | undefined): string {
  return floor && Number.isFinite(value) && floor > 0 ? `${(value / floor).toFixed(2)}×` : '-';
}

/** Lays out rows as an aligned text table (for the terminal) or a markdown table. */
export function table(header: string[], rows: Cell[][], markdown: boolean): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  if (markdown) {
    const line = (row: string[]) => `| ${row.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...cells.slice(1).map(line)].join('\n');
  }
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  '))
    .join('\n');
}

function floorAt(rows: FanoutRow[], clients: number): FanoutRow | undefined {
  return rows.find((row) => row.server === 'floor' && row.clients === clients);
}

const FANOUT_HEADER = [
  'server',
  'clients',
  'connect/s',
  'srv µs/conn',
  'RSS KB/conn',
  'heap KB/conn',
  'loop ms',
  'loop ×floor',
  'CPU ms',
  'CPU µs/client',
  'CPU ×floor',
  'p50 ms',
  'p99 ms',
  'p99 ×floor',
  'lag p99 ms',
  'lag max ms',
  'HTTP probe max ms',
  'missed',
];

function fanoutCells(row: FanoutRow, all: FanoutRow[]): Cell[] {
  const floor = floorAt(all, row.clients);
  const b = row.broadcast;
  return [
    row.server,
    row.clients,
    fixed(row.connect.ratePerSecond, 0),
    fixed(row.connect.serverCpuUsPerClient, 0),
    fixed(row.memory.rssPerClientKb, 2),
    fixed(row.memory.heapPerClientKb, 2),
    fixed(b.loopMs),
    ratio(b.loopMs, floor?.broadcast.loopMs),
    fixed(b.cpuMs),
    fixed((b.cpuMs * 1000) / Math.max(1, row.clients)),
    ratio(b.cpuMs, floor?.broadcast.cpuMs),
    fixed(b.deliveryP50Ms),
    fixed(b.deliveryP99Ms),
    ratio(b.deliveryP99Ms, floor?.broadcast.deliveryP99Ms),
    fixed(b.lagP99Ms),
    fixed(b.lagMaxMs),
    fixed(b.probeMaxMs),
    row.missed + row.behind + row.duplicated,
  ];
}

/** One line per server at the largest client count: the run's summary. */
export function summaryTable(results: BenchResults, markdown = false): string {
  const largest = Math.max(...results.fanout.map((row) => row.clients));
  const rows = results.fanout.filter((row) => row.clients === largest);
  return table(
    FANOUT_HEADER,
    rows.map((row) => fanoutCells(row, results.fanout)),
    markdown,
  );
}

/** Every server at every client count. */
export function fanoutTable(results: BenchResults, markdown = true): string {
  const rows = [...results.fanout].sort((a, b) => a.clients - b.clients);
  return table(
    FANOUT_HEADER,
    rows.map((row) => fanoutCells(row, results.fanout)),
    markdown,
  );
}

/** The servers measured side by side: connect and broadcast CPU relative to the reference. */
export function pairedTable(results: BenchResults, markdown = true): string {
  const paired = results.paired;
  if (!paired) return '';
  const ref = paired.reference;
  return table(
    [
      'server',
      'clients',
      'connect µs/client',
      `connect ×${ref}`,
      'broadcast CPU ms',
      'loop ms',
      `CPU ×${ref} (median)`,
      'rounds min-max',
      'CPU ×ours (median)',
    ],
    paired.rows.map((row) => [
      row.server,
      paired.clients,
      fixed(row.connectUsPerClient, 0),
      `${fixed(row.connectRatio, 2)}×`,
      fixed(row.broadcastCpuMs),
      fixed(row.broadcastLoopMs),
      `${fixed(row.cpuRatio, 2)}×`,
      `${fixed(row.cpuRatioMin, 2)}-${fixed(row.cpuRatioMax, 2)}`,
      row.cpuRatioToOurs === null ? '-' : `${fixed(row.cpuRatioToOurs, 2)}×`,
    ]),
    markdown,
  );
}

/** Clients accepted per second by one server core (raw-handshake load generator). */
export function connectRateTable(results: BenchResults, markdown = true): string {
  return table(
    [
      'server',
      'connections per round',
      'rounds',
      'clients/s (median)',
      'rounds min-max',
      'server µs/client',
      'load generator µs/client',
      'failed',
    ],
    results.connectRate.map((row) => [
      row.server,
      row.connections,
      row.rounds,
      fixed(row.ratePerSecond, 0),
      `${fixed(row.rateMin, 0)}-${fixed(row.rateMax, 0)}`,
      fixed(row.serverCpuUsPerClient, 0),
      fixed(row.loadCpuUsPerClient, 0),
      row.failed,
    ]),
    markdown,
  );
}

/** The whole run as markdown, for BENCHMARKS.md. */
export function markdownReport(results: BenchResults): string {
  const parts: string[] = [];
  parts.push(`Run ${results.startedAt}: \`${results.command}\``);
  parts.push(
    Object.entries(results.machine)
      .map(([key, value]) => `${key}: ${value}`)
      .join(', '),
  );
  parts.push(`Status document: ${results.document.bytes} bytes (${results.document.source}).`);
  if (results.fanout.length) {
    parts.push('### Fan-out (summary at the largest client count)', summaryTable(results, true));
    parts.push('### Fan-out (every client count)', fanoutTable(results, true));
  }
  if (results.paired)
    parts.push(
      `### Side by side (${results.paired.rounds} alternating rounds, connects in chunks of ${results.paired.connectChunk})`,
      pairedTable(results, true),
    );
  if (results.connectRate.length)
    parts.push(
      '### Connection rate (raw-handshake load generator)',
      connectRateTable(results, true),
    );
  if (results.reconnect.length)
    parts.push(
      '### Reconnect of every client at once',
      table(
        ['server', 'clients', 'elapsed ms', 'connect/s', 'failed'],
        results.reconnect.map((r) => [
          r.server,
          r.clients,
          fixed(r.elapsedMs, 0),
          fixed(r.ratePerSecond, 0),
          r.failed,
        ]),
        true,
      ),
    );
  if (results.changeLatency.length)
    parts.push(
      '### Change to client',
      table(
        [
          'via',
          'clients',
          'writes',
          'p50 ms',
          'p99 ms',
          'max ms',
          'missed writes',
          'server lag p99 ms',
          'server lag max ms',
        ],
        results.changeLatency.map((r) => [
          r.via,
          r.clients,
          r.writes,
          fixed(r.p50Ms),
          fixed(r.p99Ms),
          fixed(r.maxMs),
          r.missedWrites,
          fixed(r.lagP99Ms),
          fixed(r.lagMaxMs),
        ]),
        true,
      ),
    );
  if (results.http.length)
    parts.push(
      '### HTTP fallback (autocannon)',
      table(
        ['route', 'req/s', 'p50 ms', 'p99 ms', 'unexpected', 'errors', '× hello'],
        results.http.map((r) => [
          r.route,
          fixed(r.requestsPerSecond, 0),
          fixed(r.latencyP50Ms),
          fixed(r.latencyP99Ms),
          r.unexpected,
          r.errors,
          `${r.ratioToHello.toFixed(2)}×`,
        ]),
        true,
      ),
    );
  if (results.statusCompute.length)
    parts.push(
      '### Status computation against database size',
      table(
        ['engine', 'events', 'seed s', 'compute p50 ms', 'compute p99 ms', 'runs'],
        results.statusCompute.map((r) => [
          r.engine,
          r.events,
          fixed(r.seedMs / 1000),
          fixed(r.computeP50Ms),
          fixed(r.computeP99Ms),
          r.runs,
        ]),
        true,
      ),
    );
  const scale = results.scaleOut;
  if (scale)
    parts.push(
      '### Beyond one process (real CLI, Redis bus, PostgreSQL)',
      table(
        [
          'processes',
          'clients',
          'failed connects',
          'connect s',
          'change p50 ms',
          'change p99 ms',
          'missed writes',
          'RSS MB per process',
          'RSS KB/client',
        ],
        [
          [
            scale.processes,
            scale.clients,
            scale.failedConnects,
            fixed(scale.connectMs / 1000),
            fixed(scale.p50Ms),
            fixed(scale.p99Ms),
            scale.missedWrites,
            scale.rssMbPerProcess.map((mb) => mb.toFixed(0)).join(' / '),
            fixed(scale.rssKbPerClient, 2),
          ],
        ],
        true,
      ),
    );
  if (results.skipped.length)
    parts.push('Skipped: ' + results.skipped.map((s) => `${s.server} (${s.reason})`).join('; '));
  if (results.failures.length)
    parts.push('Failures:\n' + results.failures.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n') + '\n';
}
