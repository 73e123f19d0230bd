import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cloudUsage, parseCloudArgs, runCloudCli, CLOUD_VERSION, USAGE_EXIT_CODE, type CloudCommand } from './cli-args.js';
import { loadCloudConfig } from './config.js';

function capture(): { out: { stdout: { write(t: string): void }; stderr: { write(t: string): void } }; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    out: { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Read only to refuse them at start (replaced by user sign-in and API tokens). */
const RETIRED = ['ARGUS_ADMIN_TOKEN', 'ARGUS_ORG'];

const createOrg: CloudCommand = {
  name: 'create-org',
  args: '--id <slug>',
  summary: 'creates an org',
  run: async (args, out) => {
    out.stdout.write(`created ${args.join(' ')}\n`);
    return 0;
  },
};

describe('argus-cloud command line', () => {
  it('starts the server with no arguments or with serve', () => {
    expect(parseCloudArgs([])).toEqual({ kind: 'serve' });
    expect(parseCloudArgs(['serve'])).toEqual({ kind: 'serve' });
  });

  it('prints the help and the package version without reading any configuration', async () => {
    const help = capture();
    expect(await runCloudCli(['--help'], help.out)).toBe(0);
    expect(help.stdout()).toMatch(/^argus-cloud 0\.1\.0: /);
    expect(help.stdout()).toContain('Usage:');
    const version = capture();
    expect(await runCloudCli(['--version'], version.out)).toBe(0);
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.stdout()).toBe(`${pkg.version}\n`);
    expect(CLOUD_VERSION).toBe(pkg.version);
  });

  it('refuses unknown options and commands with a pointer to the help on stderr and exit code 2', async () => {
    for (const argv of [['--port', '80'], ['migrate'], ['serve', '--now']]) {
      const io = capture();
      expect(await runCloudCli(argv, io.out)).toBe(USAGE_EXIT_CODE);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(/^argus-cloud: (unknown|serve takes)/);
      expect(io.stderr()).toContain('argus-cloud --help');
    }
  });

  it('runs a registered subcommand with the arguments after its name, and lists it in the help', async () => {
    const io = capture();
    expect(await runCloudCli(['create-org', '--id', 'north'], io.out, [createOrg])).toBe(0);
    expect(io.stdout()).toBe('created --id north\n');
    expect(cloudUsage([createOrg])).toMatch(/argus-cloud create-org --id <slug> +creates an org/);
  });

  it('names in the help every environment variable the configuration reads', () => {
    const read = new Set<string>();
    // Every optional part switched on (S3, first admin, single sign-on), so that its variables are read too.
    const values: Record<string, string> = {
      ARGUS_EDGE_TOKEN: 'edge-token-0123456789',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY: 'access',
      S3_SECRET_KEY: 'secret-key',
      ARGUS_ADMIN_EMAIL: 'admin@example.com',
      ARGUS_ADMIN_PASSWORD: 'a long enough password 0123456789',
      ARGUS_OIDC_ISSUER: 'https://id.example.com',
      ARGUS_OIDC_CLIENT_ID: 'argus',
    };
    const env = new Proxy(values, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return target[name as string];
      },
    });
    loadCloudConfig(env, '/tmp');
    expect(read.size).toBeGreaterThan(20);
    const help = cloudUsage();
    const wildcards = [...help.matchAll(/\b([A-Z][A-Z0-9_]*_)\*/g)].map((m) => m[1]!);
    const missing = [...read].filter((name) => !RETIRED.includes(name) && !new RegExp(`\\b${name}\\b`).test(help) && !wildcards.some((prefix) => name.startsWith(prefix)));
    expect(missing).toEqual([]);
  });
});
