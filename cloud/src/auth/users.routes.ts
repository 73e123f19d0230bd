import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errors, UserCreateBody, UserIdParams, UserListResponse, UserPatchBody, UserResponse } from '@argus/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import { CloudError } from '../errors.js';
import { hashPassword } from './password-hash.js';
import { personOf } from '../http/principal.js';
import type { SiteCheck } from './site-check.js';
import type { UsersRepository } from './users.repository.js';

export interface UsersRoutesOptions {
  readonly users: UsersRepository;
  readonly auditLog: AuditLog;
  readonly sites: SiteCheck;
  readonly now: () => number;
}

/** Users of the caller's organisation; admins only. Passwords go in, never out. */
export const usersRoutes: FastifyPluginAsyncTypebox<UsersRoutesOptions> = async (app, { users, auditLog, sites, now }) => {
  app.post('/api/users', {
    config: { access: 'user.manage' },
    schema: { body: UserCreateBody, response: { 201: UserResponse, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const { orgId } = personOf(request.principal);
    const { email, password, role, siteIds = null } = request.body;
    await sites.assertExist(orgId, siteIds);
    const user = await users.create({ orgId, email, role, siteIds, passwordHash: await hashPassword(password) }, now());
    if (!user) throw new CloudError('CLD_ERR_USER_CONFLICT', `a user with email ${email} exists`, { field: 'email' });
    await auditLog.record(request, { action: 'user.create', target: `${user.email} (${role})` });
    return reply.status(201).send({ user: user.record });
  });

  app.get('/api/users', {
    config: { access: 'user.manage' },
    schema: { response: { 200: UserListResponse, ...errors(401, 403) } },
  }, async (request) => ({ users: (await users.list(personOf(request.principal).orgId)).map((u) => u.record) }));

  app.patch('/api/users/:id', {
    config: { access: 'user.manage' },
    schema: { params: UserIdParams, body: UserPatchBody, response: { 200: UserResponse, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { orgId } = personOf(request.principal);
    const { role, siteIds, password } = request.body;
    if (siteIds !== undefined) await sites.assertExist(orgId, siteIds);
    const result = await users.update(orgId, request.params.id, { role, siteIds, ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }) }, now());
    if (result.outcome === 'not-found') throw new CloudError('CLD_ERR_USER_NOT_FOUND', `no user ${request.params.id}`, { field: 'id' });
    if (result.outcome === 'last-admin') throw new CloudError('CLD_ERR_LAST_ADMIN', 'this is the last admin of the organisation; make another user admin first', { field: 'role' });
    const changed = [role === undefined ? undefined : `role ${role}`, siteIds === undefined ? undefined : `sites ${siteIds === null ? 'all' : siteIds.join(',') || 'none'}`, password === undefined ? undefined : 'password'].filter(Boolean);
    await auditLog.record(request, { action: role === undefined ? 'user.update' : 'user.role-change', target: `${result.user.email}: ${changed.join('; ')}` });
    return { user: result.user.record };
  });

  app.delete('/api/users/:id', {
    config: { access: 'user.manage' },
    schema: { params: UserIdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const { orgId } = personOf(request.principal);
    const user = await users.get(orgId, request.params.id);
    const outcome = user ? await users.delete(orgId, request.params.id) : 'not-found';
    if (outcome === 'not-found') throw new CloudError('CLD_ERR_USER_NOT_FOUND', `no user ${request.params.id}`, { field: 'id' });
    if (outcome === 'last-admin') throw new CloudError('CLD_ERR_LAST_ADMIN', 'this is the last admin of the organisation; make another user admin first');
    await auditLog.record(request, { action: 'user.delete', target: user?.email ?? request.params.id });
    return reply.status(204).send(null);
  });
};
