import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/** What a redacted secret is replaced with in logs. */
export const REDACTED = '[redacted]';

/** Query parameters that carry secrets (the live `?token=`, and common spellings). */
const SECRET_PARAMS = /^(token|access_token|api_key|apikey|key|password|secret)$/i;

/**
 * `url` with the values of secret query parameters replaced by {@link REDACTED}:
 * `/stream?token=abc&x=1` → `/stream?token=[redacted]&x=1`. Works on the raw text, so a
 * malformed URL is redacted too and nothing else about it changes.
 */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // Undecodable name: judged as written.
      }
      return equals >= 0 && SECRET_PARAMS.test(name.trim()) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, question + 1)}${query}`;
}

/**
 * The server's pino options: level and node name, request lines with secret query parameters
 * redacted (tokens travel in `?token=` for EventSource and WebSocket, and Fastify logs every
 * request URL), and credential headers redacted wherever a log line would carry them.
 */
export function loggerOptions(level: string, nodeId: string): LoggerOptions {
  return {
    level,
    base: { node: nodeId },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        'authorization',
      ],
      censor: REDACTED,
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
