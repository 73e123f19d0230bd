import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DetectLabelsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { agentInferenceKey } from '@argus/contracts';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { canonicalJson, signManifest } from '../../cloud/src/core/evidence-manifest.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The deliverables as a site installs them: `npm pack` in the package folder
 * (its prepack builds dist/), `npm install <tgz>` into an empty folder with
 * nothing from this repository around, then the installed bin.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Deliverable {
  readonly dir: string;
  readonly name: string;
  /** Files the tarball must hold, relative to its `package/`. */
  readonly mustShip: readonly RegExp[];
  /** First lines of `--help`. */
  readonly usage: RegExp;
}

const DELIVERABLES: readonly Deliverable[] = [
  { dir: 'edge-agent', name: 'argus-edge', mustShip: [/^dist\/main\.js$/], usage: /^usage:\n {2}argus-edge run --config <file\.json>\n/ },
  {
    dir: 'cloud',
    name: 'argus-cloud',
    // detector-worker.js: the object detector's worker thread, started from beside the bundle.
    mustShip: [/^dist\/main\.js$/, /^dist\/verify\.js$/, /^dist\/detector-worker\.js$/, /^dist\/console\/index\.html$/, /^migrations\/001_init\.sql$/],
    usage: /^argus-cloud \d+\.\d+\.\d+: the Argus cloud\.[\s\S]*\nUsage:\n {2}argus-cloud {2,}start the server/,
  },
  { dir: 'simulators', name: 'argus-sim', mustShip: [/^dist\/cli\.js$/, /^scenes\/parking-lot\.json$/], usage: /^Usage: argus-sim \[options\]\n/ },
];

const INSTALL_TIMEOUT_MS = 240_000;

/** The shared stills (credit in shared/testdata/SOURCES.md); the inference check needs darknet_person.jpg. */
const IMAGES = '/work/shared/testdata/images';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * npm runs this file under `npm test`, and exports its own settings to it
 * (npm_config_prefix, npm_config_local_prefix, npm_package_*): a nested npm
 * would take them as its own. Keep only where the cache and user settings are.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((key.toLowerCase().startsWith('npm_') && !keep.has(key.toLowerCase())) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  // The bins' `#!/usr/bin/env node` must find the node running this test.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), timeout: options.timeoutMs ?? INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function explain(what: string, result: Run): string {
  return `${what} exited ${result.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
}

interface Installed {
  readonly tarball: string;
  readonly tarballBytes: number;
  /** `package/...` paths in the tarball. */
  readonly files: readonly string[];
  /** The empty folder the tarball was installed into. */
  readonly prefix: string;
  readonly installMs: number;
}

/** `npm ping`'s failure, or undefined when the registry answers. */
async function registryProblem(): Promise<string | undefined> {
  const ping = await run('npm', ['ping'], { cwd: tmpdir(), timeoutMs: 30_000 });
  return ping.code === 0 ? undefined : `npm registry unreachable (npm ping: ${(ping.stderr || ping.stdout).trim().split('\n').at(-1) ?? `exit ${ping.code}`})`;
}

async function packAndInstall(pkg: Deliverable, workDir: string): Promise<Installed> {
  const packDir = path.join(workDir, `${pkg.name}-pack`);
  const prefix = path.join(workDir, `${pkg.name}-install`);
  await mkdir(packDir, { recursive: true });
  await mkdir(prefix, { recursive: true });
  // The cloud's build reuses a complete console/dist (npm test builds it first) instead of
  // rebuilding it under the feet of tests that serve it; it builds the console when missing.
  const pack = await run('npm', ['pack', '--pack-destination', packDir], { cwd: path.join(REPO, pkg.dir), env: cleanEnv({ ARGUS_BUILD_REUSE_CONSOLE: '1' }) });
  if (pack.code !== 0) throw new Error(explain(`npm pack in ${pkg.dir}`, pack));
  const tarballs = (await readdir(packDir)).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack in ${pkg.dir} left ${JSON.stringify(tarballs)} in ${packDir}`);
  const tarball = path.join(packDir, tarballs[0]!);
  const list = await run('tar', ['-tzf', tarball], { cwd: packDir, timeoutMs: 30_000 });
  if (list.code !== 0) throw new Error(explain('tar -tzf', list));

  const started = Date.now();
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: prefix });
  if (install.code !== 0) throw new Error(explain(`npm install ${tarballs[0]}`, install));
  return {
    tarball,
    tarballBytes: (await stat(tarball)).size,
    files: list.stdout.split('\n').filter(Boolean),
    prefix,
    installMs: Date.now() - started,
  };
}

let workDir: string;
let offline: string | undefined;
const installs = new Map<string, Promise<Installed>>();

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'argus-packaging-'));
  offline = await registryProblem();
  if (offline) return;
  // All three at once: packing is CPU for a second or two, installing mostly waits on the network and disk.
  for (const pkg of DELIVERABLES) {
    const pending = packAndInstall(pkg, workDir);
    pending.catch(() => undefined); // awaited (and reported) by the package's test
    installs.set(pkg.name, pending);
  }
  // Let the installs finish here, so each test's own timeout covers only its checks.
  await Promise.allSettled(installs.values());
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined; // not a log line
  }
}

function binOf(installed: Installed, name: string): string {
  return path.join(installed.prefix, 'node_modules', '.bin', name);
}

describe.each(DELIVERABLES)('$name from its npm pack tarball', (pkg) => {
  it('ships the built JavaScript and no workspace sources, and installs on its own', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get(pkg.name)!;
    const files = installed.files.map((f) => f.replace(/^package\//, ''));
    for (const pattern of pkg.mustShip) expect(files.some((f) => pattern.test(f)), `${pattern} in ${files.join(', ')}`).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.endsWith('.ts'))).toEqual([]);
    // The private workspace packages are bundled, never installed from a registry.
    expect(existsSync(path.join(installed.prefix, 'node_modules', '@argus'))).toBe(false);
    await ctx.annotate(`${path.basename(installed.tarball)}: ${(installed.tarballBytes / 1024).toFixed(0)} kB, installed in ${(installed.installMs / 1000).toFixed(1)} s`);
  });

  it('runs its bin with --help on plain node', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get(pkg.name)!;
    // Executed as a file: the shebang, the executable bit and npm's bin link all count.
    const help = await run(binOf(installed, pkg.name), ['--help'], { cwd: installed.prefix, timeoutMs: 30_000 });
    expect(help.code, explain(`${pkg.name} --help`, help)).toBe(0);
    expect(help.stdout).toMatch(pkg.usage);
  });
});

const EDGE_TOKEN = 'packaging-test-edge-token';

interface RunningCloud {
  readonly url: string;
  readonly exited: Promise<number | null>;
  /** Its stderr so far. */
  stderr(): string;
  /** Its JSON log lines so far. */
  readonly logs: Array<Record<string, unknown>>;
}

describe('argus-cloud installed from its tarball', () => {
  let database: TestDatabase | undefined;
  const servers: ChildProcess[] = [];

  afterAll(async () => {
    for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await database?.drop();
  });

  /** Starts the installed bin against the test database (migrated by the first start) and waits until it listens. */
  async function startInstalledCloud(installed: Installed, name: string): Promise<RunningCloud & { server: ChildProcess }> {
    database ??= await createTestDatabase();
    const dataDir = path.join(workDir, name);
    await mkdir(dataDir, { recursive: true });
    const server = spawn(binOf(installed, 'argus-cloud'), [], {
      cwd: installed.prefix,
      env: cleanEnv({ DATABASE_URL: database.url, PORT: '0', ARGUS_DATA_DIR: dataDir, ARGUS_EDGE_TOKEN: EDGE_TOKEN, ARGUS_RTMP_PORT: '0', LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    servers.push(server);
    let stderr = '';
    const logs: Array<Record<string, unknown>> = [];
    server.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: server.stdout! });
      lines.on('line', (line) => {
        const entry = parseLogLine(line);
        if (!entry) return;
        logs.push(entry);
        if (entry.msg === 'argus-cloud listening' && typeof entry.url === 'string') resolve(entry.url);
      });
      void exited.then((code) => reject(new Error(`argus-cloud exited ${code} before listening\n${stderr}`)));
    });
    return { server, url, exited, logs, stderr: () => stderr };
  }

  it('prints its version', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get('argus-cloud')!;
    const version = await run(binOf(installed, 'argus-cloud'), ['--version'], { cwd: installed.prefix, timeoutMs: 30_000 });
    expect(version.code, explain('argus-cloud --version', version)).toBe(0);
    expect(version.stdout).toBe('0.1.0\n');
  });

  // The second bin: plain node, nothing but node:crypto and node:fs at run time.
  it('ships argus-verify, which accepts a signed export and refuses it once the clip changes', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get('argus-cloud')!;
    const dir = path.join(workDir, 'verify-check');
    await mkdir(dir, { recursive: true });
    const clip = Buffer.from('not really an mp4, but bytes all the same');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const at = '2026-01-05T10:00:00.000Z';
    const manifest = signManifest({
      format: 'argus-evidence/1', exportId: 'exp_pack', orgId: 'default', camera: { id: 'cam-1', name: 'Gate', siteId: 'site-1' }, stream: 'main',
      requested: { from: at, to: at }, covered: { from: at, to: at },
      clip: { file: 'clip.mp4', bytes: clip.length, sha256: createHash('sha256').update(clip).digest('hex') },
      segments: [], exportedBy: 'user:packaging@test', reason: 'packaging check', exportedAt: at,
    }, privateKey);
    await writeFile(path.join(dir, 'clip.mp4'), clip);
    await writeFile(path.join(dir, 'manifest.json'), `${canonicalJson(manifest)}\n`);
    await writeFile(path.join(dir, 'key.pem'), publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const args = [path.join(dir, 'clip.mp4'), path.join(dir, 'manifest.json'), '--key', path.join(dir, 'key.pem')];
    const ok = await run(binOf(installed, 'argus-verify'), args, { cwd: installed.prefix, timeoutMs: 30_000 });
    expect(ok.code, explain('argus-verify', ok)).toBe(0);
    expect(ok.stdout).toContain('OK, evidence export exp_pack');
    await writeFile(path.join(dir, 'clip.mp4'), Buffer.concat([clip.subarray(0, -1), Buffer.from('?')]));
    const changed = await run(binOf(installed, 'argus-verify'), args, { cwd: installed.prefix, timeoutMs: 30_000 });
    expect(changed.code, explain('argus-verify', changed)).toBe(1);
    expect(changed.stderr).toContain('the clip was changed');
  });

  it('finds its migrations and console in the installed package, then stops on SIGTERM', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get('argus-cloud')!;
    const { server, url, exited } = await startInstalledCloud(installed, 'cloud-data');

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  // The model, tfjs with its wasm binaries, the weights and sharp all come from the
  // install folder's node_modules, and the detector's worker thread from dist/.
  it('answers a signed DetectLabels call with the shipped model: a Person in darknet_person.jpg', async (ctx) => {
    if (offline) ctx.skip(offline);
    if (!existsSync(IMAGES)) ctx.skip(`test images not found at ${IMAGES}`);
    const installed = await installs.get('argus-cloud')!;
    const cloud = await startInstalledCloud(installed, 'cloud-inference-data');
    // Signed as the bootstrap agent (ARGUS_EDGE_TOKEN): no key to create through the admin API.
    const client = new RekognitionClient({
      endpoint: `${cloud.url}/rekognition`,
      region: 'us-east-1',
      credentials: await agentInferenceKey('legacy', EDGE_TOKEN),
      maxAttempts: 1,
    });
    try {
      const image = await readFile(path.join(IMAGES, 'darknet_person.jpg'));
      // The first call loads the model (a few seconds): the test's timeout is the limit.
      const out = await client.send(new DetectLabelsCommand({ Image: { Bytes: image }, MinConfidence: 50 })).catch((err: unknown) => {
        throw new Error(`DetectLabels failed: ${String(err)}\n--- cloud log\n${cloud.logs.slice(-10).map((l) => JSON.stringify(l)).join('\n')}\n--- stderr\n${cloud.stderr().slice(-3000)}`);
      });
      const person = out.Labels?.find((l) => l.Name === 'Person');
      expect(person, JSON.stringify(out.Labels)).toBeDefined();
      expect(person!.Confidence).toBeGreaterThanOrEqual(55);
      expect(person!.Instances?.length).toBeGreaterThanOrEqual(1);
      expect(out.LabelModelVersion).toMatch(/centernet|nanodet/);
      const loaded = cloud.logs.find((l) => l.msg === 'object detection model loaded');
      expect(loaded, 'the cloud logs the model load').toBeDefined();
      await ctx.annotate(`model ${out.LabelModelVersion} loaded in ${String(loaded!.ms)} ms by the installed argus-cloud`);
    } finally {
      client.destroy();
      cloud.server.kill('SIGTERM');
    }
    expect(await cloud.exited).toBe(0);
  }, 120_000);
});

describe('argus-sim installed from its tarball', () => {
  it('serves a built-in scene, read from the installed package, then stops on SIGTERM', async (ctx) => {
    if (offline) ctx.skip(offline);
    const installed = await installs.get('argus-sim')!;
    const sim = spawn(binOf(installed, 'argus-sim'), ['--scene', 'parking-lot', '--cameras', '1', '--port', '0', '--cache-dir', path.join(workDir, 'sim-cache'), '--log-level', 'warn'], {
      cwd: installed.prefix,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    sim.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => sim.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: sim.stdout! });
        lines.on('line', (line) => {
          const m = /^cam-1 main (rtsp:\/\/\S+)$/.exec(line);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`argus-sim exited ${code} before serving\n${stderr}`)));
      });
      expect(url).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/cam-1\/main$/);
      sim.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (sim.exitCode === null) sim.kill('SIGKILL');
    }
  });
});

describe('the package build', () => {
  it('fails when the bundle imports a package that the package does not depend on', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'argus-build-guard-'));
    try {
      await mkdir(path.join(dir, 'src'));
      await writeFile(path.join(dir, 'src', 'main.ts'), "import { pino } from 'pino';\npino().info('hello');\n");
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'guard-check', version: '0.0.0', type: 'module', bin: { 'guard-check': 'dist/main.js' }, dependencies: { '@argus/core': '0.1.0' } }));
      const build = await run(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'scripts', 'build-package.ts'), 'src/main.ts'], { cwd: dir, timeoutMs: 60_000 });
      expect(build.code, explain('build-package.ts', build)).toBe(1);
      expect(build.stderr).toContain('pino is imported by src/main.ts but is not in dependencies');
      expect(build.stderr).toContain('@argus/core is in dependencies');
      expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
