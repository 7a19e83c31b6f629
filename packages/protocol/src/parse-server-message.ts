import { isErrorMessage, isPong, isStatusUpdate } from './compiled/server-message-checks';
import type { ServerMessage } from './messages';

/** Result of parsing untrusted input: the typed message, or why it was refused. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Turns a raw server frame (text or parsed JSON) into a typed message. Never throws. Validates
 * with the checks compiled ahead of time from the schemas (no TypeBox runtime in clients).
 */
export function parseServerMessage(raw: unknown): ParseResult<ServerMessage> {
  const frame = readFrame(raw);
  return frame.ok ? checkServerMessage(frame.value) : frame;
}

/** A frame as JSON: text is parsed once, anything else is taken as parsed already. */
export function readFrame(raw: unknown): ParseResult<unknown> {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, error: 'not JSON' };
  }
}

/** The v1 server message that parsed JSON is, by the compiled checks; never parses text. */
export function checkServerMessage(parsed: unknown): ParseResult<ServerMessage> {
  if (isStatusUpdate(parsed)) return { ok: true, value: parsed };
  if (isPong(parsed)) return { ok: true, value: parsed };
  if (isErrorMessage(parsed)) return { ok: true, value: parsed };
  return { ok: false, error: 'not a known server message' };
}
