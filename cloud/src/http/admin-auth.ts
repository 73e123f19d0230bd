import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, sameSecret } from '../agents/credentials.js';
import { CloudError } from '../errors.js';

export type AdminAuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * onRequest hook of the admin endpoints (sites, enrollment tokens, agent
 * commands): `Authorization: Bearer <ARGUS_ADMIN_TOKEN>`. Without a
 * configured admin token these endpoints refuse everyone, rather than being
 * open.
 */
export function adminAuth(adminToken: string | undefined): AdminAuthHook {
  return async (request) => {
    if (adminToken === undefined) {
      throw new CloudError('CLD_ERR_UNAUTHORIZED', 'the admin API is disabled: set ARGUS_ADMIN_TOKEN on the cloud');
    }
    const given = bearerToken(request.headers.authorization);
    if (given === undefined || !sameSecret(given, adminToken)) {
      throw new CloudError('CLD_ERR_UNAUTHORIZED', 'missing or invalid admin token (Authorization: Bearer <ARGUS_ADMIN_TOKEN>)');
    }
  };
}
