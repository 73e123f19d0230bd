import { randomBytes } from 'node:crypto';
import { isSlug } from '@argus/core';
import { MIN_PASSWORD_LENGTH } from '@argus/contracts';
import type { CliOutput, CloudCommand } from './cli-args.js';

/**
 * Administration from the shell, next to the server: organisations and
 * their first admin, and a new password for someone locked out. They work
 * on the database of DATABASE_URL and never take a password on the command
 * line (it would sit in the shell history and the process list): it comes
 * from an environment variable, or is generated and printed once.
 */

function flags(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!;
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined || value.startsWith('--')) throw new Error(`expected --name value pairs, got ${JSON.stringify(name)}`);
    out.set(name.slice(2), value);
  }
  return out;
}

/** Writes a usage problem; the exit code of a bad command line. */
function usage(out: CliOutput, command: string, message: string): number {
  out.stderr.write(`argus-cloud ${command}: ${message}\n`);
  return 2;
}

function generatedPassword(): string {
  return randomBytes(15).toString('base64url');
}

async function withDatabase<T>(out: CliOutput, fn: (pool: import('pg').Pool) => Promise<T>): Promise<T | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    out.stderr.write('argus-cloud: set DATABASE_URL to the cloud\'s PostgreSQL (for the embedded one, see docs/operations.md, "Accounts")\n');
    return undefined;
  }
  const [{ default: pg }, { migrate }] = await Promise.all([import('pg'), import('./db/migrate.js')]);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

function passwordFrom(variable: string, out: CliOutput): { password: string; generated: boolean } | undefined {
  const given = process.env[variable];
  if (given !== undefined && given !== '') {
    if (given.length < MIN_PASSWORD_LENGTH) {
      out.stderr.write(`argus-cloud: ${variable} must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
      return undefined;
    }
    return { password: given, generated: false };
  }
  return { password: generatedPassword(), generated: true };
}

export const createOrgCommand: CloudCommand = {
  name: 'create-org',
  args: '--id <slug> --name <name> --admin-email <email>',
  summary: 'create an organisation and its first admin (password: $ARGUS_ORG_ADMIN_PASSWORD, or printed once)',
  async run(args, out) {
    let f: Map<string, string>;
    try {
      f = flags(args);
    } catch (err) {
      return usage(out, 'create-org', (err as Error).message);
    }
    const id = f.get('id');
    const email = f.get('admin-email');
    if (!id || !isSlug(id)) return usage(out, 'create-org', '--id must be a slug (lowercase letters, digits, -)');
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) return usage(out, 'create-org', '--admin-email must be an email address');
    const secret = passwordFrom('ARGUS_ORG_ADMIN_PASSWORD', out);
    if (!secret) return 2;
    const { createOrgWithAdmin } = await import('./auth/bootstrap.js');
    try {
      const done = await withDatabase(out, (pool) => createOrgWithAdmin(pool, { id, name: f.get('name') ?? id }, { email, password: secret.password }));
      if (!done) return 2;
      out.stdout.write(`organisation ${id} ${done.created ? 'created' : 'exists'}; admin ${email} created${secret.generated ? ` with password ${secret.password} (shown once)` : ''}\n`);
      return 0;
    } catch (err) {
      out.stderr.write(`argus-cloud create-org: ${(err as Error).message}\n`);
      return 1;
    }
  },
};

export const resetPasswordCommand: CloudCommand = {
  name: 'reset-password',
  args: '--email <email>',
  summary: "set a user's password (from $ARGUS_NEW_PASSWORD, or printed once) and end their sessions",
  async run(args, out) {
    let f: Map<string, string>;
    try {
      f = flags(args);
    } catch (err) {
      return usage(out, 'reset-password', (err as Error).message);
    }
    const email = f.get('email');
    if (!email) return usage(out, 'reset-password', 'give --email');
    const secret = passwordFrom('ARGUS_NEW_PASSWORD', out);
    if (!secret) return 2;
    const [{ UsersRepository }, { hashPassword }] = await Promise.all([import('./auth/users.repository.js'), import('./auth/password-hash.js')]);
    const found = await withDatabase(out, async (pool) => {
      const users = new UsersRepository(pool);
      const user = await users.byEmail(email);
      if (!user) return false;
      await users.update(user.orgId, user.id, { passwordHash: await hashPassword(secret.password) }, Date.now());
      await pool.query(`insert into audit_log (org_id, actor, action, target, result) values ($1, 'system', 'user.password-reset', $2, 'ok')`, [user.orgId, user.email]);
      return true;
    });
    if (found === undefined) return 2;
    if (!found) {
      out.stderr.write(`argus-cloud reset-password: no user ${email}\n`);
      return 1;
    }
    out.stdout.write(`password of ${email} set${secret.generated ? ` to ${secret.password} (shown once)` : ''}; their sessions ended\n`);
    return 0;
  },
};

export const retentionRunCommand: CloudCommand = {
  name: 'retention-run',
  args: '[--org <slug>]',
  summary: 'apply retention now (every organisation and whole partitions, or one organisation) and print the report',
  async run(args, out) {
    let f: Map<string, string>;
    try {
      f = flags(args);
    } catch (err) {
      return usage(out, 'retention-run', (err as Error).message);
    }
    const orgId = f.get('org') ?? null;
    if (orgId !== null && !isSlug(orgId)) return usage(out, 'retention-run', '--org must be a slug');
    const [{ loadCloudConfig }, { createObjectStore }, { createLogger }, { EvidenceLocksRepository }, { RetentionRepository }, { RetentionRunner }] = await Promise.all([
      import('./config.js'), import('./server.js'), import('@argus/runtime'), import('./evidence/evidence-locks.repository.js'),
      import('./retention/retention.repository.js'), import('./retention/retention-runner.js'),
    ]);
    try {
      const config = loadCloudConfig(process.env);
      const store = createObjectStore(config);
      await store.init();
      const report = await withDatabase(out, (pool) => new RetentionRunner({
        db: pool, repository: new RetentionRepository(pool), locks: new EvidenceLocksRepository(pool), store, defaults: config.retention,
        batch: config.retention.batch, intervalMs: 0, now: Date.now, logger: createLogger({ name: 'argus-cloud', level: config.logLevel }),
      }).run(orgId));
      if (!report) return 2;
      out.stdout.write(`${JSON.stringify(report)}\n`);
      return report.state === 'done' ? 0 : 1;
    } catch (err) {
      out.stderr.write(`argus-cloud retention-run: ${(err as Error).message}\n`);
      return 1;
    }
  },
};
