import { isErrorMessage, isPong, isStatusUpdate } from './compiled/server-message-checks';
import type { ServerMessage } from './messages';

/** Result of parsing untrusted input: the typed message, or why it was refused. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Turns a raw server frame (text or parsed JSON) into a typed message. Never throws. Validates
 * with the checks compiled ahead of time from the schemas (no TypeBox runtime in clients).
 */
export function parseServerMessage(raw: unknown): ParseResult<ServerMessage> {
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'not JSON' };
    }
  }
  if (isStatusUpdate(parsed)) return { ok: true, value: parsed };
  if (isPong(parsed)) return { ok: true, value: parsed };
  if (isErrorMessage(parsed)) return { ok: true, value: parsed };
  return { ok: false, error: 'not a known server message' };
}
