import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCloudCli } from '../src/cli-args.js';
import { login, startTestCloud, type TestCloud } from './support/test-cloud.js';

/** `argus-cloud create-org` and `reset-password` against the test database, then signing in through the API. */
describe('argus-cloud administration commands', () => {
  let cloud: TestCloud;
  const saved = { ...process.env };
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());
  afterEach(() => {
    for (const key of ['DATABASE_URL', 'ARGUS_ORG_ADMIN_PASSWORD', 'ARGUS_NEW_PASSWORD']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCloudCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  };

  it('creates an organisation with its first admin, printing a generated password once', async () => {
    process.env.DATABASE_URL = cloud.db.url;
    const out = await run(['create-org', '--id', 'acme', '--name', 'Acme Corp', '--admin-email', 'boss@acme.test']);
    expect(out.code, out.stderr).toBe(0);
    const password = /with password (\S+) \(shown once\)/.exec(out.stdout)?.[1];
    expect(password).toBeDefined();
    const me = await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: await login(cloud.app, 'boss@acme.test', password!) });
    expect(me.json()).toMatchObject({ user: { role: 'admin', orgId: 'acme' }, org: { id: 'acme', name: 'Acme Corp' } });
    // The same email again is refused; a bad id is a usage error.
    expect((await run(['create-org', '--id', 'acme2', '--admin-email', 'boss@acme.test'])).code).toBe(1);
    expect((await run(['create-org', '--id', 'Acme Corp', '--admin-email', 'x@acme.test'])).code).toBe(2);
  });

  it('resets a password from the environment and ends the sessions', async () => {
    process.env.DATABASE_URL = cloud.db.url;
    process.env.ARGUS_ORG_ADMIN_PASSWORD = 'initial-password-1';
    expect((await run(['create-org', '--id', 'globex', '--admin-email', 'hank@globex.test'])).stdout).not.toContain('initial-password-1');
    const session = await login(cloud.app, 'hank@globex.test', 'initial-password-1');
    process.env.ARGUS_NEW_PASSWORD = 'replacement-password-2';
    const out = await run(['reset-password', '--email', 'hank@globex.test']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('replacement-password-2');
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode).toBe(401);
    await login(cloud.app, 'hank@globex.test', 'replacement-password-2');
    expect((await run(['reset-password', '--email', 'nobody@globex.test'])).code).toBe(1);
  });

  it('needs DATABASE_URL', async () => {
    delete process.env.DATABASE_URL;
    const out = await run(['reset-password', '--email', 'hank@globex.test']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('DATABASE_URL');
  });
});
