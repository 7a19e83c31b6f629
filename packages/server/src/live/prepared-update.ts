import { createHash } from 'node:crypto';
import {
  STATUS_UPDATE_TYPE,
  encodeDocument,
  type Json,
  type MonitorHealth,
  type StatusDocument,
} from '@naija-monitor/protocol';
import { preparePatch, type PreparedPatch } from './prepared-patch';
import type { ComputedStatus } from '../publish/status-scheduler';
import { frameText } from './ws-frame';
import { serializeDocument } from '../document-json';

/** What a live client writes: the same bytes for every client of its protocol. */
export interface Frames {
  /** The message as UTF-8 JSON. */
  readonly envelope: Buffer;
  /** `envelope` framed as a final, unmasked WebSocket text frame. */
  readonly wsFrame: Buffer;
  /** One SSE event: `id: <seq>` and `data: <envelope>`. */
  readonly sseEvent: Buffer;
}

/**
 * One update ready for every transport, made once per broadcast: the document serialized
 * once, the envelope built around that text, the WebSocket frame and the SSE event built once.
 * Sending it to a client is a write of bytes that already exist.
 */
export interface PreparedUpdate extends Frames {
  readonly seq: number;
  readonly status: ComputedStatus;
  /** The status document with `monitor`, as JSON: the body of the HTTP status route. */
  readonly documentJson: string;
  /** The `pipeline_status_update` envelope, as UTF-8 JSON. */
  readonly envelope: Buffer;
  /** `envelope` framed as a final, unmasked WebSocket text frame. */
  readonly wsFrame: Buffer;
  /** One SSE event: `id: <seq>` and `data: <envelope>`. */
  readonly sseEvent: Buffer;
  /** How long serializing and framing took (ms). */
  readonly serializeMs: number;
  /** Weak ETag of the document without its volatile fields (computed on first use). */
  etag(): string;
  /**
   * Protocol v2: the merge patch from the update fanned out before this one, computed and
   * framed once on first use (so a server without v2 clients never diffs); null when there is
   * no previous update to patch from. See {@link followUpdate}.
   */
  patch(): PreparedPatch | null;
  /** The sent document in the v2 wire encoding, what patches are computed over (memoized). */
  encoded(): Json;
}

/**
 * Links `update` to the one fanned out before it, so its v2 patch can be computed from it. The
 * older update forgets its own predecessor: only one link is ever held, never a chain.
 */
export function followUpdate(update: PreparedUpdate, previous: PreparedUpdate | undefined): void {
  const links = LINKS.get(update);
  if (!links || !previous || previous.seq >= update.seq) return;
  links.previous = previous;
  const older = LINKS.get(previous);
  if (older) older.previous = undefined;
}

/** The predecessor of each update, until its patch is computed. */
const LINKS = new WeakMap<PreparedUpdate, { previous: PreparedUpdate | undefined }>();

/** Serializes and frames `status` (with this process's `monitor` figures) for every transport. */
export function prepareUpdate(
  status: ComputedStatus,
  monitor: MonitorHealth,
  sentAt: Date,
  clock: () => number,
): PreparedUpdate {
  const startedAt = clock();
  const document: StatusDocument = { ...status.document, monitor };
  const documentJson = withMonitor(status.document, monitor);
  // The envelope is built around the document's text, so the document is serialized once.
  const envelopeJson = `{"type":${JSON.stringify(STATUS_UPDATE_TYPE)},"timestamp":${JSON.stringify(sentAt.toISOString())},"seq":${status.seq},"data":${documentJson}}`;
  const envelope = Buffer.from(envelopeJson);
  const wsFrame = frameText(envelope);
  const sseEvent = Buffer.from(`id: ${status.seq}\ndata: ${envelopeJson}\n\n`);
  const serializeMs = clock() - startedAt;
  let etag: string | undefined;
  let encoded: Json | undefined;
  let patch: PreparedPatch | null | undefined;
  const links: { previous: PreparedUpdate | undefined } = { previous: undefined };
  const update: PreparedUpdate = {
    seq: status.seq,
    status,
    documentJson,
    envelope,
    wsFrame,
    sseEvent,
    serializeMs,
    etag: () => (etag ??= documentEtag(status.document)),
    encoded: () => (encoded ??= encodeDocument(document)),
    patch: () => {
      if (patch !== undefined) return patch;
      const previous = links.previous;
      if (!previous) return null;
      patch = preparePatch(previous, update);
      links.previous = undefined;
      return patch;
    },
  };
  LINKS.set(update, links);
  return update;
}

/**
 * `JSON.stringify({ ...computed, monitor })`, built from the computed document's text when the
 * computation already serialised it (`document-json.ts`): `monitor` is appended as its last
 * member, which is where the spread puts a key the document does not have.
 */
function withMonitor(computed: StatusDocument, monitor: MonitorHealth): string {
  if ('monitor' in computed) return JSON.stringify({ ...computed, monitor });
  const json = serializeDocument(computed);
  return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"monitor":${JSON.stringify(monitor)}}`;
}

/**
 * A weak ETag over what the document says about the pipeline: the fields that change on every
 * computation without the pipeline changing (time stamps, `data_as_of`, this process's memory
 * and uptime, query timings, the serving node, the monitor's own figures) are left out, so a
 * poller gets `304` until something real changes.
 */
export function documentEtag(document: StatusDocument): string {
  const { timestamp: _timestamp, monitor: _monitor, system_health, ...rest } = document;
  const {
    memory_rss_bytes: _rss,
    heap_used_bytes: _heap,
    uptime_seconds: _uptime,
    node_id: _node,
    data_as_of: _dataAsOf,
    database,
    ...health
  } = system_health;
  const stable = {
    ...rest,
    system_health: { ...health, database: { ...database, query_ms: null } },
  };
  return `W/"${createHash('sha1').update(JSON.stringify(stable)).digest('base64url')}"`;
}
