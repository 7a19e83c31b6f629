import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors';
import { bearerToken, tokenMatches } from './auth';

/**
 * The console's reads: the same rule as `GET /api/v1/alerts`, a valid `Authorization: Bearer`
 * token when `AUTH_TOKENS` is set (never in the URL, where logs and histories keep it).
 */
export function authorizeConsoleRead(request: FastifyRequest, tokens: readonly string[]): void {
  if (tokens.length > 0 && !tokenMatches(bearerToken(request.headers.authorization), tokens)) {
    throw new UnauthorizedError();
  }
}

/** The `security` of a console route in the OpenAPI description. */
export const consoleSecurity = (tokens: readonly string[]): { bearer: string[] }[] =>
  tokens.length > 0 ? [{ bearer: [] }] : [];
