/**
 * What one idle connection costs on a server's heap: `npx tsx bench/heap-diff.ts [kind] [clients]`
 * takes a heap snapshot of the server with no clients and one with `clients`, and prints the
 * constructors whose retained-by-self size grew most, per client.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDocument } from './document';
import { Fleet } from './load/fleet';
import { SERVER_SPECS, SERVER_KINDS, type ServerKind } from './servers/kinds';
import { launchServer } from './servers/launch';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per "type:name" of a heap snapshot file. */
function histogram(path: string): Map<string, { size: number; count: number }> {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < data.nodes.length; i += fields.length) {
    const type = types[data.nodes[i + (typeAt ?? 0)] ?? 0] ?? '?';
    const name =
      type === 'object' || type === 'closure'
        ? data.strings[data.nodes[i + (nameAt ?? 1)] ?? 0]
        : '';
    const key = `${type}:${name}`;
    const entry = out.get(key) ?? { size: 0, count: 0 };
    entry.size += data.nodes[i + (sizeAt ?? 3)] ?? 0;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

const kind = (process.argv[2] ?? 'ours') as ServerKind;
if (!SERVER_KINDS.includes(kind)) throw new Error(`unknown server ${kind}`);
const clients = Number(process.argv[3] ?? 5000);
const spec = SERVER_SPECS[kind];
const server = await launchServer(kind, {
  core: 0,
  documentJson: JSON.stringify(syntheticDocument()),
});
const fleet = Fleet.start({ workers: 2, core: 1 });
const before = join(tmpdir(), `bench-heap-before-${process.pid}.heapsnapshot`);
const after = join(tmpdir(), `bench-heap-after-${process.pid}.heapsnapshot`);
try {
  // A few clients first, so that once-only allocations (first connection) are in both.
  const urls = server.addresses.map(({ host, port }) => `ws://${host}:${port}${spec.livePath}`);
  await fleet.connect(urls, 10, spec.dialect);
  await fleet.awaitSeq(0, 30_000);
  await server.heapSnapshot(before);
  await fleet.connect(urls, clients, spec.dialect);
  await fleet.awaitSeq(0, 60_000);
  await server.heapSnapshot(after);
  const a = histogram(before);
  const b = histogram(after);
  const rows = [...b.entries()]
    .map(([key, { size, count }]) => ({
      key,
      bytes: size - (a.get(key)?.size ?? 0),
      count: count - (a.get(key)?.count ?? 0),
    }))
    .filter((row) => row.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, 25);
  const total = rows.reduce((n, r) => n + r.bytes, 0);
  console.log(
    `${kind}: heap growth per client over ${clients} clients (top 25: ${(total / clients).toFixed(0)} B)`,
  );
  for (const row of rows)
    console.log(
      `${(row.bytes / clients).toFixed(0).padStart(6)} B  ${(row.count / clients).toFixed(2).padStart(6)} objects  ${row.key}`,
    );
} finally {
  await fleet.closeAll();
  await fleet.stop();
  await server.stop();
  rmSync(before, { force: true });
  rmSync(after, { force: true });
}
