import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { bearerToken, matchToken, tokenMatches, type NamedToken } from './auth';

/**
 * Who may use the alert API: reads with a read or admin token (or anyone without read tokens),
 * changes with an admin token only. Both run as `onRequest` hooks, before the body is read.
 */

/**
 * The `onRequest` guard of alert changes: an `ADMIN_TOKENS` bearer token, whose entry is
 * remembered in `actors` for the handler. Runs before the body is parsed (L4).
 */
export function adminGuard(
  adminTokens: readonly NamedToken[],
  readTokens: readonly string[],
  actors: WeakMap<FastifyRequest, NamedToken>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (adminTokens.length === 0) {
      throw new ForbiddenError(
        'Alert changes are disabled on this server: set ADMIN_TOKENS (name:secret, at least 16 random characters) and send Authorization: Bearer <secret>',
      );
    }
    const presented = bearerToken(request.headers.authorization);
    const admin = matchToken(presented, adminTokens);
    if (admin) {
      actors.set(request, admin);
      return;
    }
    if (tokenMatches(presented, readTokens)) {
      throw new ForbiddenError(
        'This token may read only: acknowledging and silencing need one of ADMIN_TOKENS',
      );
    }
    void reply.header('www-authenticate', 'Bearer realm="alerts"');
    throw new UnauthorizedError(
      'Missing or invalid admin token: send Authorization: Bearer <one of ADMIN_TOKENS> (never in the URL)',
    );
  };
}

/** The `onRequest` guard of alert reads: open without read tokens, else a read or admin token. */
export function readGuard(readTokens: readonly string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (
      readTokens.length > 0 &&
      !tokenMatches(bearerToken(request.headers.authorization), readTokens)
    ) {
      throw new UnauthorizedError();
    }
  };
}
