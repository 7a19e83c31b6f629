import type { FastifyRequest } from 'fastify';
import { bearerToken, tokenMatches } from './auth';

/**
 * True when reading live status needs no token (`AUTH_TOKENS` unset) or the request carries a
 * valid one, as `Authorization: Bearer` or, for EventSource and plain links that cannot set
 * headers, the `token` query parameter.
 */
export function canReadStatus(request: FastifyRequest, authTokens: readonly string[]): boolean {
  if (authTokens.length === 0) return true;
  const query = request.query as { token?: unknown } | undefined;
  const token =
    bearerToken(request.headers.authorization) ??
    (typeof query?.token === 'string' ? query.token : undefined);
  return tokenMatches(token, authTokens);
}
