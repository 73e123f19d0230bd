import type pg from 'pg';
import type { Logger } from '@argus/runtime';
import type { AuthConfig } from '../config.js';
import { DEFAULT_ORG, OrgsRepository, type Org } from './orgs.repository.js';
import { hashPassword } from './password-hash.js';
import { UsersRepository } from './users.repository.js';

export interface BootstrapResult {
  /** The admin created by this start (first start with ARGUS_ADMIN_EMAIL / ARGUS_ADMIN_PASSWORD), if any. */
  readonly createdAdmin: string | undefined;
  /** Users in the deployment after bootstrap. */
  readonly users: number;
}

/**
 * First start of a deployment: the default organisation exists, and when
 * there is no user at all, the configured admin is created in it. Later
 * starts change nothing (a changed ARGUS_ADMIN_PASSWORD does not reset a
 * password: an admin does that in the console).
 */
export async function bootstrapAccounts(pool: pg.Pool, config: AuthConfig, logger: Logger, now: number = Date.now()): Promise<BootstrapResult> {
  const orgs = new OrgsRepository(pool);
  const users = new UsersRepository(pool);
  await orgs.ensure(DEFAULT_ORG);
  let createdAdmin: string | undefined;
  if ((await users.count()) === 0) {
    if (config.bootstrapAdmin) {
      const { email, password } = config.bootstrapAdmin;
      const created = await users.create({ orgId: DEFAULT_ORG.id, email, role: 'admin', siteIds: null, passwordHash: await hashPassword(password) }, now);
      createdAdmin = created?.email;
      if (created) logger.info({ email: created.email, orgId: DEFAULT_ORG.id }, 'first admin created');
    } else {
      logger.warn('no user can sign in yet: set ARGUS_ADMIN_EMAIL and ARGUS_ADMIN_PASSWORD (or run argus-cloud create-org) to create the first admin');
    }
  }
  return { createdAdmin, users: await users.count() };
}

/**
 * Creates an organisation with its first admin (`argus-cloud create-org`).
 * Refuses an email already in use; the organisation may exist already.
 */
export async function createOrgWithAdmin(pool: pg.Pool, org: Org, admin: { email: string; password: string }, now: number = Date.now()): Promise<{ created: boolean; adminId: string }> {
  const created = await new OrgsRepository(pool).ensure(org);
  const user = await new UsersRepository(pool).create({ orgId: org.id, email: admin.email, role: 'admin', siteIds: null, passwordHash: await hashPassword(admin.password) }, now);
  if (!user) throw new Error(`a user with email ${admin.email} exists`);
  return { created, adminId: user.id };
}
