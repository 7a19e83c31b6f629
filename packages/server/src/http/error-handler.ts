import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from '@naija-monitor/protocol';
import { MonitorError } from '../errors';

/**
 * Maps every thrown error to one JSON answer. Schema failures name the field
 * (`body/events/0/event_date`); unknown errors are logged once and answered without details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | MonitorError | Error, request, reply) => {
    if (error instanceof MonitorError) {
      const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
      const body: ErrorBody = {
        error: error.code,
        message: error.message,
        statusCode: error.statusCode,
        ...(field ? { field } : {}),
      };
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return reply.status(error.statusCode).send(body);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const first = fastifyError.validation[0];
      const path = first?.instancePath
        ? first.instancePath.replace(/^\//, '').replace(/\//g, '.')
        : '';
      const params = first?.params as
        { missingProperty?: string; additionalProperty?: string } | undefined;
      const missing = params?.missingProperty ?? params?.additionalProperty;
      const field = [fastifyError.validationContext, path, missing].filter(Boolean).join('.');
      const body: ErrorBody = {
        error: 'INVALID_INPUT',
        message: `${field || 'request'} ${first?.message ?? 'is invalid'}`,
        statusCode: 400,
        field: field || 'request',
      };
      return reply.status(400).send(body);
    }
    const statusCode =
      fastifyError.statusCode && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({
        error: 'INTERNAL',
        message: 'Internal error; see the server log',
        statusCode: 500,
      } satisfies ErrorBody);
    }
    return reply.status(statusCode).send({
      error: fastifyError.code ?? 'BAD_REQUEST',
      message: error.message,
      statusCode,
    } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: 'NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
      statusCode: 404,
    } satisfies ErrorBody);
  });
}
