import { decodeJson, encodeJson } from './json-codec';
import { applyMergePatch, createMergePatch, isJsonObject, type Json } from './merge-patch';
import { isStatusUpdate } from './compiled/server-message-checks';
import { STATUS_UPDATE_TYPE } from './message-types';
import type { ErrorMessage, Pong, StatusUpdate } from './messages';
import { checkServerMessage, readFrame, type ParseResult } from './parse-server-message';
import type { StatusDocument } from './status-document';

/**
 * Live protocol v2: the full document once, then merge patches from one `seq` to the next.
 * Negotiated: WebSocket subprotocol {@link WS_SUBPROTOCOL_V2}, SSE `?v=2`. Without it, v1.
 */
export const WS_SUBPROTOCOL_V2 = 'naija-monitor.v2';
/** SSE query parameter (and value) that asks for protocol v2: `?v=2`. */
export const SSE_VERSION_PARAM = 'v';

/** `type` of a v2 patch message. */
export const STATUS_PATCH_TYPE = 'pipeline_status_patch';

/**
 * Server to a v2 client: the change from the document at `base` to the one at `seq`.
 * `patch` is an RFC 7386 merge patch between the two documents in the lossless encoding of
 * `json-codec.ts` (`null` is `"\u0001"`, arrays are objects keyed by index plus a length), so a
 * member set to `null` and one changed element of a list are both exact and small.
 */
export interface StatusPatch {
  type: typeof STATUS_PATCH_TYPE;
  /** Not sent by this server (the document has its own `timestamp`); optional for others. */
  timestamp?: string;
  seq: number;
  base: number;
  patch: Json;
}

/** Every message a v2 server sends. */
export type ServerMessageV2 = StatusUpdate | StatusPatch | Pong | ErrorMessage;

/** The encoded form of a document, what patches are computed over. */
export function encodeDocument(document: StatusDocument): Json {
  return encodeJson(document as unknown as Json);
}

/** The merge patch from `from` to `to`, both encoded; `{}` when they are equal. */
export function diffEncoded(from: Json, to: Json): Json {
  return createMergePatch(from, to) ?? {};
}

function isSafeSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Turns a raw v2 server frame into a typed message. Never throws. A patch is checked here; every
 * other message is a v1 one ({@link checkServerMessage}).
 */
export function parseServerMessageV2(raw: unknown): ParseResult<ServerMessageV2> {
  const frame = readFrame(raw);
  if (!frame.ok) return frame;
  const parsed = frame.value;
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const message = parsed as Record<string, unknown>;
    if (message.type === STATUS_PATCH_TYPE) {
      if (!isSafeSeq(message.seq) || !isSafeSeq(message.base))
        return { ok: false, error: 'patch without integer "seq" and "base"' };
      if (!isJsonObject(message.patch as Json))
        return { ok: false, error: 'patch whose "patch" is not an object' };
      return {
        ok: true,
        value: {
          type: STATUS_PATCH_TYPE,
          ...(typeof message.timestamp === 'string' ? { timestamp: message.timestamp } : {}),
          seq: message.seq,
          base: message.base,
          patch: message.patch as Json,
        },
      };
    }
  }
  return checkServerMessage(parsed);
}

/** What {@link DeltaDocument.apply} made of one message. */
export type DeltaResult =
  | { kind: 'document'; seq: number; document: StatusDocument }
  /** A patch whose `base` is not the document held (a gap): ask for a resync. */
  | { kind: 'gap'; have: number | null; base: number }
  /** A patch that does not apply or yields no valid document: ask for a resync. */
  | { kind: 'invalid'; error: string }
  /** Older than what is held: ignored. */
  | { kind: 'stale' };

/**
 * The client side of v2: holds the encoded document and its `seq`, applies full documents and
 * patches, and says when a resync is needed. The reconstructed document is checked against the
 * schema, so a bad patch is a resync, never a wrong document.
 */
export class DeltaDocument {
  #encoded: Json | null = null;
  #seq: number | null = null;

  /** `seq` of the document held, or null before the first full document. */
  get seq(): number | null {
    return this.#seq;
  }

  /** Forgets the document (a new connection starts with a full one). */
  reset(): void {
    this.#encoded = null;
    this.#seq = null;
  }

  /** Takes a full document (`pipeline_status_update`). */
  full(update: StatusUpdate): DeltaResult {
    if (this.#seq !== null && update.seq < this.#seq) return { kind: 'stale' };
    this.#encoded = encodeDocument(update.data);
    this.#seq = update.seq;
    return { kind: 'document', seq: update.seq, document: update.data };
  }

  /** Applies a patch; on a gap or a bad patch the document held is kept unchanged. */
  patch(message: StatusPatch): DeltaResult {
    if (this.#seq !== null && message.seq <= this.#seq) return { kind: 'stale' };
    if (this.#encoded === null || message.base !== this.#seq)
      return { kind: 'gap', have: this.#seq, base: message.base };
    let encoded: Json;
    let decoded: Json;
    try {
      encoded = applyMergePatch(this.#encoded, message.patch);
      decoded = decodeJson(encoded);
    } catch (error) {
      return { kind: 'invalid', error: error instanceof Error ? error.message : String(error) };
    }
    // The document is checked as the data of an update: one compiled check serves both.
    const asUpdate = { type: STATUS_UPDATE_TYPE, timestamp: '', seq: message.seq, data: decoded };
    if (!isStatusUpdate(asUpdate))
      return { kind: 'invalid', error: 'the patched document does not match the schema' };
    this.#encoded = encoded;
    this.#seq = message.seq;
    return { kind: 'document', seq: message.seq, document: asUpdate.data };
  }
}
