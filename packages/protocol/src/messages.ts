import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { StatusDocumentSchema } from './status-document';
import { STATUS_UPDATE_TYPE } from './message-types';
import type { ParseResult } from './parse-server-message';

/** Server to client: one status update. `seq` rises by at least one with every update. */
export const StatusUpdateSchema = Type.Object({
  type: Type.Literal(STATUS_UPDATE_TYPE),
  timestamp: Type.String({ description: 'When the server sent it (ISO-8601)' }),
  seq: Type.Integer({ minimum: 0 }),
  data: StatusDocumentSchema,
});
export type StatusUpdate = Static<typeof StatusUpdateSchema>;

export const PongSchema = Type.Object({ type: Type.Literal('pong'), timestamp: Type.String() });
export type Pong = Static<typeof PongSchema>;

export const ErrorMessageSchema = Type.Object({
  type: Type.Literal('error'),
  code: Type.String(),
  message: Type.String(),
});
export type ErrorMessage = Static<typeof ErrorMessageSchema>;

/** Every message the server sends over WebSocket. */
export type ServerMessage = StatusUpdate | Pong | ErrorMessage;

export const ClientPingSchema = Type.Object({ type: Type.Literal('ping') });
export const ClientRefreshSchema = Type.Object({ type: Type.Literal('refresh') });
/** v2: the client's document has a gap (`base` ≠ its `seq`); answered with the full document. */
export const ClientResyncSchema = Type.Object({ type: Type.Literal('resync') });
/** Every message a client may send. Plain keep-alive text is read as a ping. */
export type ClientMessage =
  | Static<typeof ClientPingSchema>
  | Static<typeof ClientRefreshSchema>
  | Static<typeof ClientResyncSchema>;

/** Text frames that older clients send as keep-alives; each is answered like a ping. */
export const KEEPALIVE_TEXTS: readonly string[] = ['ping', 'keepalive', 'keep-alive', 'heartbeat'];

/** Turns a raw client frame (text) into a typed message. Never throws. */
export function parseClientMessage(raw: unknown): ParseResult<ClientMessage> {
  if (typeof raw !== 'string') return { ok: false, error: 'expected a text frame' };
  const text = raw.trim();
  if (KEEPALIVE_TEXTS.includes(text.toLowerCase())) return { ok: true, value: { type: 'ping' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON and not a keep-alive' };
  }
  if (Value.Check(ClientPingSchema, parsed)) return { ok: true, value: { type: 'ping' } };
  if (Value.Check(ClientRefreshSchema, parsed)) return { ok: true, value: { type: 'refresh' } };
  if (Value.Check(ClientResyncSchema, parsed)) return { ok: true, value: { type: 'resync' } };
  const type =
    typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
  return {
    ok: false,
    error: typeof type === 'string' ? `unknown message type "${type}"` : 'missing "type"',
  };
}
