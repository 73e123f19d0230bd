import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { CloudError, type CloudErrorCode } from '../errors.js';
import type { ErrorResponse } from '@argus/contracts';

/** The field a schema error is about: the missing property, else the last path step. */
export function fieldOf(error: FastifySchemaValidationError): string | undefined {
  const missing = (error.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  if (typeof missing === 'string') return missing;
  const steps = error.instancePath.split('/').filter(Boolean);
  return steps.length > 0 ? steps.join('.') : undefined;
}

function body(statusCode: number, code: CloudErrorCode | string, message: string, field?: string): ErrorResponse {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field === undefined ? {} : { field }) };
}

const FASTIFY_CODES: Record<number, CloudErrorCode> = {
  400: 'CLD_ERR_BAD_REQUEST',
  404: 'CLD_ERR_NOT_FOUND',
  413: 'CLD_ERR_PAYLOAD_TOO_LARGE',
  415: 'CLD_ERR_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Maps every error to the API's error body: schema errors to
 * CLD_ERR_VALIDATION naming the field, catalogue errors to their status,
 * fastify's own 4xx to a catalogue code. 5xx are logged with their details
 * and answered with a generic message (the request id ties the two).
 */
export function errorHandler(error: FastifyError | CloudError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if ('validation' in error && error.validation && error.validation.length > 0) {
    const first = error.validation[0] as FastifySchemaValidationError;
    // fastify's message already reads "body/sha256 must match pattern ..."
    return reply.status(400).send(body(400, 'CLD_ERR_VALIDATION', error.message, fieldOf(first)));
  }
  if (error instanceof CloudError && error.statusCode < 500) {
    return reply.status(error.statusCode).send(body(error.statusCode, error.code, error.message, error.field));
  }
  const status = (error as FastifyError).statusCode;
  if (!(error instanceof CloudError) && typeof status === 'number' && status >= 400 && status < 500) {
    return reply.status(status).send(body(status, FASTIFY_CODES[status] ?? 'CLD_ERR_BAD_REQUEST', error.message));
  }
  // A catalogue error of a peer (an agent's silence, the identity provider, the object store) keeps its code and
  // our own sentence, which names no internals; its cause stays in the log.
  if (error instanceof CloudError && error.code !== 'CLD_ERR_INTERNAL') {
    request.log[error.statusCode === 504 ? 'warn' : 'error']({ err: error }, 'request failed');
    return reply.status(error.statusCode).send(body(error.statusCode, error.code, error.message));
  }
  request.log.error({ err: error }, 'request failed');
  const statusCode = error instanceof CloudError ? error.statusCode : 500;
  return reply.status(statusCode).send(body(statusCode, 'CLD_ERR_INTERNAL', `internal error (request ${request.id})`));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(body(404, 'CLD_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
