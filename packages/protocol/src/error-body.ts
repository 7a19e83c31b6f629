import { Type, type Static } from '@sinclair/typebox';

/**
 * JSON body of every error answer of the HTTP API: a stable code (`error`), a message that says
 * what to do, the HTTP status, and on a 400 the field that was wrong.
 */
export const ErrorBodySchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  statusCode: Type.Integer(),
  field: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;
