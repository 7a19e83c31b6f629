import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The server's folders form a graph whose arrows point one way (packages/server/README.md):
// a cycle between two folders means neither can be read, tested or replaced without the other.
// Files directly in src/ (the composition root, config, errors) are outside the folder graph.

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
/** Longest non-test source file; a longer one is doing more than one job. */
const MAX_LINES = 400;
/** Data tables, not logic: exempt from {@link MAX_LINES} by name. */
const DATA_TABLES = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The relative module specifiers of `text`'s import and export-from statements. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?from\s*'(\.[^']*)'/gm))
    found.push(match[1]!);
  for (const match of text.matchAll(/^\s*import\s*'(\.[^']*)'/gm)) found.push(match[1]!);
  return found;
}

/** `access`, `live`, …; undefined for a file directly in src/. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Folder → the folders its files import. */
export function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (from === undefined) continue;
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(resolve(dirname(file), specifier));
      if (to === undefined || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), relative(SRC, file)]);
    }
  }
  return graph;
}

/** Every cycle, each as a path `a → b → … → a`, found by depth-first search. */
function cycles(graph: Map<string, Map<string, string[]>>): string[] {
  const found = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    for (const next of graph.get(node)?.keys() ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        // One spelling per cycle: rotated to start at its smallest folder.
        const start = loop.indexOf([...loop].sort()[0]!);
        const canonical = [...loop.slice(start), ...loop.slice(0, start)];
        found.add([...canonical, canonical[0]].join(' → '));
      } else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...found].sort();
}

describe('server import graph', () => {
  it('has no cycle between the folders of src/', () => {
    const graph = folderGraph();
    const found = cycles(graph);
    const witnesses = found.map((cycle) => {
      const folders = cycle.split(' → ');
      const edges = folders
        .slice(1)
        .map((to, i) => `${folders[i]} → ${to}: ${graph.get(folders[i]!)!.get(to)!.join(', ')}`);
      return `${cycle}\n  ${edges.join('\n  ')}`;
    });
    expect(witnesses, 'import cycles between server folders').toEqual([]);
  });

  it(`keeps every non-test source file at ${MAX_LINES} lines or fewer (data tables exempt)`, () => {
    const long = sourceFiles(SRC)
      .filter((file) => !DATA_TABLES.has(relative(SRC, file)))
      .map((file) => ({
        file: relative(SRC, file),
        lines: readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > MAX_LINES + 1)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
