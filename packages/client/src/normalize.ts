import {
  parseServerMessage,
  STATUS_UPDATE_TYPE,
  type StatusDocument,
} from '@naija-monitor/protocol';
import { MonitorClientError } from './errors';

/** One status update, whatever transport carried it. */
export interface NormalizedUpdate {
  status: StatusDocument;
  /** The server's sequence number; null when the transport does not carry one (HTTP). */
  seq: number | null;
}

/** A frame read from WebSocket or SSE. */
export type FrameResult =
  | { kind: 'update'; update: NormalizedUpdate }
  | { kind: 'pong' }
  | { kind: 'error'; error: MonitorClientError };

/** Reads a WebSocket message or an SSE event's data (the envelope JSON). Never throws. */
export function readFrame(raw: unknown): FrameResult {
  const parsed = parseServerMessage(raw);
  if (!parsed.ok) {
    return {
      kind: 'error',
      error: new MonitorClientError('protocol', `Bad server message: ${parsed.error}`),
    };
  }
  const message = parsed.value;
  switch (message.type) {
    case STATUS_UPDATE_TYPE:
      return { kind: 'update', update: { status: message.data, seq: message.seq } };
    case 'pong':
      return { kind: 'pong' };
    case 'error':
      return {
        kind: 'error',
        error: new MonitorClientError(
          'protocol',
          `Server error ${message.code}: ${message.message}`,
        ),
      };
  }
}

/**
 * Reads the body of `GET /api/v1/monitoring/pipeline-status` (the bare document). It goes through
 * the same `parseServerMessage` as the live transports, wrapped in an envelope, so one schema
 * decides what a valid status is for every transport.
 */
export function readStatusBody(body: unknown): NormalizedUpdate | MonitorClientError {
  const result = readFrame({ type: STATUS_UPDATE_TYPE, timestamp: '', seq: 0, data: body });
  if (result.kind === 'update') return { status: result.update.status, seq: null };
  return new MonitorClientError('protocol', 'Bad status document: it does not match the schema');
}
