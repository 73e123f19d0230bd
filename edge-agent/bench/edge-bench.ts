/**
 * `npm run bench:edge`: what the edge agent costs per camera, and how fast
 * it catches up after an outage.
 *
 *   npx tsx edge-agent/bench/edge-bench.ts [--cameras 4,16] [--seconds 30] [--outage-seconds 30] [--drain-cameras 4]
 *
 * Simulated 1280x720 H.264 cameras (synthetic scene, 25 fps) → an agent in
 * its own process (copy-only recording, 4 s segments) → a cloud with the
 * file object store and an embedded PostgreSQL, all on 127.0.0.1.
 * - Recording: CPU of the agent's Node process and, separately, of its
 *   ffmpeg children (utime+stime from /proc/<pid>/stat over the window),
 *   and their RSS at the end of it.
 * - Drain: the cloud is stopped for --outage-seconds while the agent
 *   records, then started again; the rate at which the outbox empties
 *   (segments/s, MB/s) is set beside the raw put rate of the same object
 *   store: the same segment bytes PUT straight through the cloud's upload
 *   URLs (POST /api/uploads + PUT, no registration, no outbox), sequential
 *   like the agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloud, loadCloudConfig, startEmbeddedPostgres, type CloudService } from 'argus-cloud';
import { createLogger, delay } from '@argus/runtime';
import { createSimulator } from 'argus-sim';
import { segmentKey } from '@argus/core';

const RUN_AGENT = fileURLToPath(new URL('../test/support/run-agent.ts', import.meta.url));
const CLK_TCK = 100; // Linux USER_HZ: /proc stat times are in 1/100 s
const SEGMENT_SECONDS = 4;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const cameraCounts = flag('cameras', '4,16').split(',').map(Number);
const seconds = Number(flag('seconds', '30'));
const outageSeconds = Number(flag('outage-seconds', '30'));
const drainCameras = Number(flag('drain-cameras', '4'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface ProcSample { cpuTicks: number; rssKb: number }
async function procSample(pid: number): Promise<ProcSample> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) };
}
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(name));
  }
  return found;
}
async function metricValue(url: string, series: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text.split('\n').filter((l) => l.startsWith(series)).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const logger = createLogger({ name: 'edge-bench', level: process.env.LOG_LEVEL ?? 'warn' });
const work = await mkdtemp(join(tmpdir(), 'argus-edge-bench-'));
await chmod(work, 0o755); // the embedded PostgreSQL may run as another user and must reach its folder
const edgeToken = randomBytes(24).toString('hex');
const maxCameras = Math.max(...cameraCounts, drainCameras);
const cameraIds = Array.from({ length: maxCameras }, (_, i) => `cam-${i + 1}`);
const pg = await startEmbeddedPostgres({ dir: join(work, 'pg'), durability: 'fast' });
const sim = createSimulator({
  cameras: cameraIds.map((id) => ({ id, scene: { kind: 'synthetic', width: 1280, height: 720, fps: 25, seconds: 30 } })),
  port: 0,
  cacheDir: join(tmpdir(), 'argus-sim-cache'),
  logger,
});
await sim.start();
const cloudPort = await freePort();
let cloud: CloudService | undefined;
const startCloud = async (): Promise<void> => {
  cloud = createCloud(loadCloudConfig({ PORT: String(cloudPort), DATABASE_URL: pg.url, ARGUS_DATA_DIR: join(work, 'cloud'), ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'warn' }), { logger });
  await cloud.start();
};
const children: ChildProcess[] = [];

async function startAgent(name: string, cameras: number): Promise<{ child: ChildProcess; metrics: string; dataDir: string }> {
  const metricsPort = await freePort();
  const dataDir = join(work, name);
  const config = {
    cloud: { url: `http://127.0.0.1:${cloudPort}`, token: edgeToken },
    dataDir,
    segmentSeconds: SEGMENT_SECONDS,
    retry: { initialMs: 200, maxMs: 1000, jitter: 0.2 },
    storage: { minFreeBytes: 0 },
    metrics: { port: metricsPort },
    cameras: cameraIds.slice(0, cameras).map((id) => ({ id, name: id, main: sim.cameraUrls(id).main })),
  };
  const configPath = join(work, `${name}.json`);
  await writeFile(configPath, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', RUN_AGENT, configPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  child.stdout!.resume();
  const metrics = `http://127.0.0.1:${metricsPort}/metrics`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(metrics).then((r) => r.ok, () => false)) break;
    await delay(100);
  }
  return { child, metrics, dataDir };
}
async function stopAgent(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

interface RecordRow { cameras: number; agentCpu: number; ffmpegCpu: number; agentRssMb: number; ffmpegRssMb: number; segments: number }
const recordRows: RecordRow[] = [];
try {
  await startCloud();
  for (const n of cameraCounts) {
    const { child, metrics } = await startAgent(`rec-${n}`, n);
    await delay(8000); // connect, first segments, JIT warm-up
    const ffmpegs = await childrenOf(child.pid!);
    const t0 = Date.now();
    const a0 = await procSample(child.pid!);
    const f0 = await Promise.all(ffmpegs.map(procSample));
    const s0 = await metricValue(metrics, 'argus_edge_segments_recorded_total');
    await delay(seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const a1 = await procSample(child.pid!);
    const f1 = await Promise.all(ffmpegs.map((pid) => procSample(pid).catch(() => ({ cpuTicks: 0, rssKb: 0 }))));
    const s1 = await metricValue(metrics, 'argus_edge_segments_recorded_total');
    recordRows.push({
      cameras: n,
      agentCpu: ((a1.cpuTicks - a0.cpuTicks) / CLK_TCK / wall) * 100,
      ffmpegCpu: (f1.reduce((t, s, i) => t + s.cpuTicks - f0[i]!.cpuTicks, 0) / CLK_TCK / wall) * 100,
      agentRssMb: a1.rssKb / 1024,
      ffmpegRssMb: f1.reduce((t, s) => t + s.rssKb, 0) / 1024,
      segments: s1 - s0,
    });
    await stopAgent(child);
  }

  // Drain after an outage.
  const { child, metrics, dataDir } = await startAgent('drain', drainCameras);
  await delay(6000);
  await cloud!.stop();
  await delay(outageSeconds * 1000);
  const backlog = await metricValue(metrics, 'argus_edge_outbox_segments');
  const backlogBytes = await metricValue(metrics, 'argus_edge_outbox_bytes');
  const up0 = await metricValue(metrics, 'argus_edge_segments_uploaded_total');
  const b0 = await metricValue(metrics, 'argus_edge_upload_bytes_total');
  await startCloud();
  const d0 = Date.now();
  while ((await metricValue(metrics, 'argus_edge_outbox_segments')) > drainCameras) await delay(100);
  const drainS = (Date.now() - d0) / 1000;
  const drained = (await metricValue(metrics, 'argus_edge_segments_uploaded_total')) - up0;
  const drainedBytes = (await metricValue(metrics, 'argus_edge_upload_bytes_total')) - b0;
  await stopAgent(child);

  // Raw put rate of the same store: the same kind of segment bytes, PUT through fresh upload URLs.
  const sample = (await readdir(join(work, 'cloud'), { recursive: true })).filter((f) => String(f).endsWith('.ts')).slice(0, 60);
  const bodies = await Promise.all(sample.map((f) => readFile(join(work, 'cloud', String(f)))));
  const { createHash } = await import('node:crypto');
  const p0 = Date.now();
  let putBytes = 0;
  for (let i = 0; i < bodies.length; i++) {
    const body = bodies[i]!;
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = segmentKey({ orgId: 'default', cameraId: 'cam-1', stream: 'main', startsAt: Date.UTC(2000, 0, 1) + i * 4000 });
    const target = (await (await fetch(`http://127.0.0.1:${cloudPort}/api/uploads`, {
      method: 'POST', headers: { authorization: `Bearer ${edgeToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ key, bytes: body.length, sha256 }),
    })).json()) as { url: string; headers: Record<string, string> };
    const put = await fetch(target.url, { method: 'PUT', headers: target.headers, body });
    if (!put.ok) throw new Error(`raw PUT failed: ${put.status} ${await put.text()}`);
    putBytes += body.length;
  }
  const putS = (Date.now() - p0) / 1000;
  void dataDir;

  const f = (n: number, d = 1): string => n.toFixed(d);
  console.log(`\nEdge agent: recording 1280x720 H.264 @25 fps, copy-only, ${SEGMENT_SECONDS} s segments, ${seconds} s window (CPU % of one core)\n`);
  console.log('| cameras | agent Node CPU % | per camera | ffmpeg CPU % (all) | per camera | agent RSS MB | ffmpeg RSS MB (all) | per camera | segments |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of recordRows) {
    console.log(`| ${r.cameras} | ${f(r.agentCpu)} | ${f(r.agentCpu / r.cameras, 2)} | ${f(r.ffmpegCpu)} | ${f(r.ffmpegCpu / r.cameras, 2)} | ${f(r.agentRssMb)} | ${f(r.ffmpegRssMb)} | ${f(r.ffmpegRssMb / r.cameras)} | ${r.segments} |`);
  }
  const drainSegS = drained / drainS;
  const drainMBs = drainedBytes / 1e6 / drainS;
  const putSegS = bodies.length / putS;
  const putMBs = putBytes / 1e6 / putS;
  console.log(`\nDrain after a ${outageSeconds} s cloud outage with ${drainCameras} cameras: backlog ${backlog} segments, ${f(backlogBytes / 1e6)} MB\n`);
  console.log('| path | segments/s | MB/s | ratio |');
  console.log('|---|---|---|---|');
  console.log(`| agent outbox drain (upload URL + PUT + register + fsync'd state + delete; ${drained} segments in ${f(drainS)} s, live segments included) | ${f(drainSegS)} | ${f(drainMBs, 2)} | ${f((drainMBs / putMBs) * 100, 0)} % |`);
  console.log(`| raw put through upload URLs (POST /api/uploads + PUT, sequential, ${bodies.length} segments) | ${f(putSegS)} | ${f(putMBs, 2)} | 100 % |`);
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await cloud?.stop().catch(() => undefined);
  await sim.stop();
  await pg.stop();
  await rm(work, { recursive: true, force: true });
}
