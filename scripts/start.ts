/**
 * `npm start`: the whole system on one machine, on embedded defaults —
 * embedded PostgreSQL and a file object store under .argus/, the cloud with
 * the console on http://localhost:8080, simulated cameras, and one edge agent
 * recording them. Ctrl-C stops everything (edge first, so the segment in
 * progress is uploaded), children included.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { createCloud, loadCloudConfig, type CloudService } from 'argus-cloud';
import { redactCredentials } from '@argus/core';
import { createEdgeAgent, parseEdgeConfig, type EdgeAgent } from 'argus-edge';
import { createLogger, ffmpegBinaries, runUntilSignal, type Service } from '@argus/runtime';
import { createSimulator, TESTDATA_VIDEOS_DIR } from 'argus-sim';

const env = process.env;
const logger = createLogger({ name: 'argus' });

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * As root, PostgreSQL runs as the `postgres` account, which must be able to
 * reach its cluster folder. A checkout under a private home (/root is 0700)
 * is out of its reach, so the cluster then lives under /var/lib/argus.
 */
function embeddedPostgresDir(dataDir: string): string | undefined {
  if (env.DATABASE_URL || env.ARGUS_PG_DIR || userInfo().uid !== 0) return undefined;
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    let mode: number;
    try {
      mode = statSync(dir).mode;
    } catch {
      // Not created yet: the folder is made with default modes, which are searchable.
      mode = 0o755;
    }
    if ((mode & 0o001) === 0) return join('/var/lib/argus', createHash('sha256').update(dataDir).digest('hex').slice(0, 12), 'postgres');
    if (dirname(dir) === dir) return undefined;
  }
}

const port = intFromEnv('PORT', 8080, 1, 65535);
const cameraCount = intFromEnv('ARGUS_SIM_CAMERAS', 4, 1, 64);
const simPort = intFromEnv('ARGUS_SIM_PORT', 8554, 1, 65535);
const onvifPort = intFromEnv('ARGUS_SIM_ONVIF_PORT', 8000, 1, 65535);
const dataDir = resolve(env.ARGUS_DATA_DIR ?? '.argus');
const edgeToken = env.ARGUS_EDGE_TOKEN ?? randomBytes(24).toString('hex');
const simPassword = env.ARGUS_SIM_PASSWORD ?? 'argus-demo';
const pgDir = embeddedPostgresDir(dataDir);
// The first admin: from the environment, else this email with a password made up now and
// printed once (the cloud creates the admin only when the deployment has no user yet).
const adminEmail = env.ARGUS_ADMIN_EMAIL ?? 'admin@argus.local';
const adminPassword = env.ARGUS_ADMIN_PASSWORD || randomBytes(12).toString('base64url');
const adminPasswordGenerated = !env.ARGUS_ADMIN_PASSWORD;

let cloud: CloudService;
try {
  cloud = createCloud(
    loadCloudConfig({
      ...env,
      PORT: String(port),
      ARGUS_DATA_DIR: dataDir,
      ARGUS_EDGE_TOKEN: edgeToken,
      ARGUS_ADMIN_EMAIL: adminEmail,
      ARGUS_ADMIN_PASSWORD: adminPassword,
      // Everything runs on this machine, so each live session can take its own free RTMP port
      // (any number of cameras live at once); a fixed ARGUS_RTMP_PORT still wins.
      ARGUS_RTMP_PORT: env.ARGUS_RTMP_PORT ?? '0',
      ...(pgDir ? { ARGUS_PG_DIR: pgDir } : {}),
    }),
    { logger },
  );
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

const cameraIds = Array.from({ length: cameraCount }, (_, i) => `cam-${i + 1}`);
// The last camera watches people walk in one at a time (the shared clip, when it is there): object events to look at.
const peopleClip = join(TESTDATA_VIDEOS_DIR, 'intel_one-by-one-person-detection.mp4');
const peopleCamera = cameraIds.length > 1 && existsSync(peopleClip) ? cameraIds.at(-1) : undefined;
const sim = createSimulator({
  cameras: cameraIds.map((id) => ({ id, username: 'admin', password: simPassword, ...(id === peopleCamera ? { scene: { kind: 'file' as const, path: peopleClip } } : {}) })),
  port: simPort,
  onvifPort,
  logger,
});

// The edge agent needs the cloud's address, known once the cloud listens.
let edge: EdgeAgent | undefined;
const edgeService: Service = {
  async start() {
    edge = createEdgeAgent(
      parseEdgeConfig({
        cloud: { url: cloud.url, token: edgeToken },
        dataDir: join(dataDir, 'edge'),
        // Objects through the cloud's own endpoint, at most 2 pictures a second for the four cameras (one CPU inference
        // takes ~0.2-0.4 s here).
        inference: { endpoint: 'cloud', perSecond: 2 },
        // Record the main stream, detect motion on the sub stream (cheaper to decode).
        cameras: cameraIds.map((id, i) => ({ id, name: `Camera ${i + 1}`, main: sim.cameraUrls(id).main, sub: sim.cameraUrls(id).sub })),
      }),
      { logger },
    );
    await edge.start();
  },
  async stop() {
    await edge?.stop();
  },
};

const banner: Service = {
  async start() {
    const created = cloud.bootstrap.createdAdmin;
    const signIn = created === undefined
      ? `  Sign in:   with an account of this deployment (first admin: ${adminEmail}; a lost password: docs/operations.md, "Accounts")`
      : adminPasswordGenerated
        ? `  Sign in:   ${created}  password ${adminPassword}  (shown this once: keep it)`
        : `  Sign in:   ${created} with ARGUS_ADMIN_PASSWORD`;
    const lines = [
      '',
      `  Argus is running.`,
      `  Console:   http://localhost:${cloud.port}`,
      signIn,
      `  API:       http://localhost:${cloud.port}/api/openapi.json (sign in, or an API token from the console)`,
      `  Cameras:   ${cameraIds.map((id) => redactCredentials(sim.cameraUrls(id).main)).join('\n             ')}`,
      `  ONVIF:     ${sim.cameraUrls(cameraIds[0]!).onvif} (one device service per camera)`,
      `             (user admin, password from ARGUS_SIM_PASSWORD, default argus-demo)`,
      `  Data:      ${dataDir}${pgDir ? ` (PostgreSQL cluster in ${pgDir})` : ''}`,
      `  ffmpeg:    ${ffmpegBinaries().ffmpeg} (${ffmpegBinaries().source})`,
      `  Stop with Ctrl-C.`,
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  },
  async stop() {},
};

// Started in this order, stopped in reverse: the edge stops first and uploads what it has.
runUntilSignal([cloud, sim, edgeService, banner]).catch(async (err: unknown) => {
  logger.fatal({ err }, 'start-up failed');
  for (const service of [edgeService, sim, cloud]) await service.stop().catch(() => undefined);
  fail(err instanceof Error ? err.message : String(err));
});
