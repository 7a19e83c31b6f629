import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourcesConfigError } from '../errors';

/** How a source publishes: the monitor's `sources.kind`. The pipeline reads `rss` and `atom`. */
export type SourceKind = 'rss' | 'atom' | 'html' | 'api';

/** One news source, as the operator configures it and as the monitor's `sources` row holds it. */
export interface Source {
  /** Lowercase slug; also the sample feed's file name, `feeds/<id>.xml`. */
  id: string;
  name: string;
  kind: SourceKind;
  url: string;
  /** 1 (most important, fetched first) to 5. */
  priority: number;
  enabled: boolean;
  /** How often to fetch it, and how often the monitor expects to hear from it. */
  expected_interval_seconds: number;
  /**
   * Lets the reader fetch this feed (and its redirects) from loopback, RFC 1918, fc00::/7 or
   * CGNAT addresses: an internal feed. Without it such addresses are refused, so a feed cannot
   * redirect the pipeline into the operator's network. Link-local and metadata addresses
   * (169.254/16, fe80::/10) stay refused either way. Pipeline-only: not sent to the monitor.
   * @default false
   */
  allow_private_network?: boolean;
}

/** The file shipped with the package: `packages/pipeline/sources.json`. */
export const DEFAULT_SOURCES_FILE = fileURLToPath(new URL('../../sources.json', import.meta.url));

const KINDS: readonly SourceKind[] = ['rss', 'atom', 'html', 'api'];

/**
 * Reads and checks a sources file (`{ "sources": [...] }`).
 * @throws SourcesConfigError naming the file, the source and the field at fault.
 */
export function loadSources(file: string = DEFAULT_SOURCES_FILE): Source[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SourcesConfigError(`cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseSources(raw, file);
}

/** Checks parsed JSON against the sources schema; `origin` names it in error messages. */
export function parseSources(raw: unknown, origin = 'sources'): Source[] {
  const list = (raw as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list))
    throw new SourcesConfigError(`${origin}: expected { "sources": [...] }`);
  const seen = new Set<string>();
  return list.map((item: unknown, index) => {
    const at = `${origin}: sources[${index}]`;
    const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const fail = (field: string, rule: string): never => {
      throw new SourcesConfigError(
        `${at}${typeof o.id === 'string' ? ` (${o.id})` : ''}.${field} ${rule}`,
      );
    };
    const id = o.id;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(id))
      fail('id', 'must be a lowercase slug');
    if (seen.has(id as string)) fail('id', 'is used twice');
    seen.add(id as string);
    if (typeof o.name !== 'string' || o.name.trim() === '')
      fail('name', 'must be a non-empty string');
    const kind = o.kind ?? 'rss';
    if (!KINDS.includes(kind as SourceKind)) fail('kind', `must be one of ${KINDS.join(', ')}`);
    if (typeof o.url !== 'string' || !/^https?:\/\/\S+$/.test(o.url))
      fail('url', 'must be an http(s) URL');
    const priority = o.priority ?? 2;
    if (!Number.isInteger(priority) || (priority as number) < 1 || (priority as number) > 5) {
      fail('priority', 'must be an integer from 1 to 5');
    }
    const enabled = o.enabled ?? true;
    if (typeof enabled !== 'boolean') fail('enabled', 'must be true or false');
    const allowPrivate = o.allow_private_network ?? false;
    if (typeof allowPrivate !== 'boolean') fail('allow_private_network', 'must be true or false');
    const interval = o.expected_interval_seconds ?? 3600;
    if (!Number.isInteger(interval) || (interval as number) <= 0) {
      fail('expected_interval_seconds', 'must be a positive integer');
    }
    return {
      id: id as string,
      name: (o.name as string).trim(),
      kind: kind as SourceKind,
      url: o.url as string,
      priority: priority as number,
      enabled: enabled as boolean,
      expected_interval_seconds: interval as number,
      ...(allowPrivate === true ? { allow_private_network: true } : {}),
    };
  });
}
