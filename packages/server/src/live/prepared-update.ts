import { createHash } from 'node:crypto';
import {
  STATUS_UPDATE_TYPE,
  type MonitorHealth,
  type StatusDocument,
} from '@naija-monitor/protocol';
import type { ComputedStatus } from '../publish/status-scheduler';
import { frameText } from './ws-frame';

/**
 * One update ready for every transport, made once per broadcast: the document serialized
 * once, the envelope built around that text, the WebSocket frame and the SSE event built once.
 * Sending it to a client is a write of bytes that already exist.
 */
export interface PreparedUpdate {
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
}

/** Serializes and frames `status` (with this process's `monitor` figures) for every transport. */
export function prepareUpdate(
  status: ComputedStatus,
  monitor: MonitorHealth,
  sentAt: Date,
  clock: () => number,
): PreparedUpdate {
  const startedAt = clock();
  const document: StatusDocument = { ...status.document, monitor };
  const documentJson = JSON.stringify(document);
  // The envelope is built around the document's text, so the document is serialized once.
  const envelopeJson = `{"type":${JSON.stringify(STATUS_UPDATE_TYPE)},"timestamp":${JSON.stringify(sentAt.toISOString())},"seq":${status.seq},"data":${documentJson}}`;
  const envelope = Buffer.from(envelopeJson);
  const wsFrame = frameText(envelope);
  const sseEvent = Buffer.from(`id: ${status.seq}\ndata: ${envelopeJson}\n\n`);
  const serializeMs = clock() - startedAt;
  let etag: string | undefined;
  return {
    seq: status.seq,
    status,
    documentJson,
    envelope,
    wsFrame,
    sseEvent,
    serializeMs,
    etag: () => (etag ??= documentEtag(status.document)),
  };
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
