import {
  DeltaDocument,
  parseServerMessageV2,
  STATUS_PATCH_TYPE,
  STATUS_UPDATE_TYPE,
} from '@naija-monitor/protocol';
import { MonitorClientError } from './errors';
import type { FrameResult } from './normalize';

/** What {@link FrameReader.read} made of a frame: a {@link FrameResult}, or a gap to resync. */
export type ReadResult = FrameResult | { kind: 'resync'; error: MonitorClientError };

/**
 * Reads the frames of one live connection, v1 or v2. Messages say what they are, so no
 * negotiation result is needed: a full `pipeline_status_update` (every v1 message, the first
 * v2 one) replaces the document; a v2 `pipeline_status_patch` is applied to it. A patch that
 * does not follow the document held (a gap) or does not apply asks for a resync; the document
 * shown is never a wrong one. One reader per connection: a new connection starts from a full
 * document.
 */
export class FrameReader {
  readonly #delta = new DeltaDocument();

  read(raw: unknown): ReadResult {
    const parsed = parseServerMessageV2(raw);
    if (!parsed.ok) {
      return {
        kind: 'error',
        error: new MonitorClientError('protocol', `Bad server message: ${parsed.error}`),
      };
    }
    const message = parsed.value;
    switch (message.type) {
      case STATUS_UPDATE_TYPE: {
        const result = this.#delta.full(message);
        if (result.kind !== 'document') return { kind: 'pong' };
        return { kind: 'update', update: { status: message.data, seq: message.seq } };
      }
      case STATUS_PATCH_TYPE: {
        const result = this.#delta.patch(message);
        if (result.kind === 'document')
          return { kind: 'update', update: { status: result.document, seq: result.seq } };
        if (result.kind === 'stale') return { kind: 'pong' };
        const why =
          result.kind === 'gap'
            ? `patch from seq ${result.base} while holding ${result.have ?? 'none'}`
            : `patch does not apply (${result.error})`;
        return {
          kind: 'resync',
          error: new MonitorClientError('protocol', `Resyncing: ${why}`),
        };
      }
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
}
