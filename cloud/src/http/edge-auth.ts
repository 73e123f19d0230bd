import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CloudError } from '../errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * onRequest hook of the edge endpoints: `Authorization: Bearer <token>`.
 * Compares digests in constant time, so neither content nor length of the
 * token leaks through timing. The token itself is never logged.
 */
export type EdgeAuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function edgeAuth(token: string): EdgeAuthHook {
  const expected = digest(token);
  return async (request) => {
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new CloudError('CLD_ERR_UNAUTHORIZED', 'missing or invalid edge token (Authorization: Bearer <ARGUS_EDGE_TOKEN>)');
    }
  };
}
