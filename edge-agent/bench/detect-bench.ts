/**
 * `npm run bench:detect`: CPU per camera of the Argus edge agent (recording
 * every camera's main stream and detecting motion on its sub stream at
 * 5 fps) next to Debian's `motion` daemon watching the same sub streams at
 * the same rate, on the same machine, in the same run.
 *
 *   npm run bench:detect -- [--cameras 1,4,16] [--warmup 30] [--seconds 60]
 *                           [--detect-fps 5] [--agent bundle|tsx] [--agent-rev <git rev>]
 *                           [--motion-capture-rate auto|<n>] [--agent-cpu-prof <dir>]
 *
 * - One argus-sim process (its own, so its CPU is its own and reported
 *   apart) serves as many cameras as the largest count: the default scene,
 *   main at the scene's size, sub 640x360, with credentials.
 * - For each camera count, Argus alone, then motion alone, against the same
 *   simulator: start, `--warmup` seconds, then a window of `--seconds`.
 *   CPU = growth of utime+stime+cutime+cstime over the whole process tree
 *   (the agent's Node process and every ffmpeg it runs; motion's one
 *   process) / window, in % of one core (proc-tree.ts).
 * - Each side is checked to be doing its job in the window: Argus's
 *   segments recorded and motion events in the cloud, motion's "Motion
 *   detected" log lines.
 * - The agent runs as shipped: a bundle of edge-agent/src/main.ts built at
 *   the start (agent-bundle.ts), from the working tree or, with
 *   `--agent-rev HEAD`, from a commit; `--agent tsx` runs the sources.
 * - The last line of stdout is one JSON document:
 *   { "cameras": { "<n>": { "argusCpuPct", "motionCpuPct", "ratio" } } }
 *   with CPU per camera (% of one core) and ratio = Argus / motion.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloud, loadCloudConfig, startEmbeddedPostgres, type CloudService } from 'argus-cloud';
import { createLogger, delay, ffmpegBinaries } from '@argus/runtime';
import { bundleAgent, type AgentBundle } from './agent-bundle.js';
import { startMotion, summariseMotionLog, type MotionSettings } from './motion-daemon.js';
import { machineTicks, sampleTree, threadCpu, threadTicks, treeCpu, type ProcInfo, type TreeCpu } from './proc-tree.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const AGENT_MAIN_TS = join(REPO, 'edge-agent/src/main.ts');
const SIM_CLI_TS = join(REPO, 'simulators/src/cli.ts');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const cameraCounts = flag('cameras', '1,4,16').split(',').map(Number);
const warmupSeconds = Number(flag('warmup', '30'));
const seconds = Number(flag('seconds', '60'));
const detectFps = Number(flag('detect-fps', '5'));
const agentMode = flag('agent', 'bundle');
const agentRev = flag('agent-rev', '') || undefined;
/** Write a V8 CPU profile of the agent's Node process per run into this folder (for finding where its CPU goes; it costs some CPU itself). */
const agentCpuProf = flag('agent-cpu-prof', '') || undefined;
const motionCaptureRateFlag = flag('motion-capture-rate', 'auto');
const motionBinary = flag('motion-binary', 'motion');
if (cameraCounts.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0) || !(warmupSeconds >= 0) || !['bundle', 'tsx'].includes(agentMode)) {
  console.error('usage: detect-bench [--cameras 1,4,16] [--warmup 30] [--seconds 60] [--detect-fps 5] [--agent bundle|tsx] [--agent-rev <git rev>] [--motion-capture-rate auto|<n>]');
  process.exit(2);
}
if (spawnSync(motionBinary, ['-h']).error) {
  console.error(`detect-bench: no \`${motionBinary}\` binary: install Debian's motion daemon (apt-get install -y motion)`);
  process.exit(2);
}
const maxCameras = Math.max(...cameraCounts);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const redact = (s: string): string => s.replace(/\/\/[^/@\s]+@/g, '//***:***@');
const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const round = (n: number, d = 3): number => Number(n.toFixed(d));

/** Series name → value summed over its labels. */
interface Prometheus {
  [series: string]: number;
}
async function scrape(url: string): Promise<Prometheus> {
  const text = await (await fetch(url)).text();
  const out: Prometheus = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const name = line.slice(0, line.search(/[ {]/));
    out[name] = (out[name] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return out;
}

/** What a process of the agent's tree is, from its command line. */
function argusRole(p: ProcInfo, root: number): string {
  if (p.pid === root) return 'node';
  const cmd = p.cmdline;
  if (!/ffmpeg/.test(cmd.split(' ')[0] ?? '')) return (cmd.split(' ')[0] ?? '?').split('/').pop() ?? '?';
  if (/ -f segment /.test(` ${cmd} `)) return 'ffmpeg recorder';
  // The detect decoder: grey frames for the detector (and, beside them, JPEGs for snapshots).
  if (/rawvideo|gray/.test(cmd)) return 'ffmpeg detect';
  if (/mjpeg|image2|\.jpe?g\b/.test(cmd)) return 'ffmpeg snapshot';
  return 'ffmpeg other';
}

async function ffprobeStream(url: string): Promise<{ width: number; height: number; fps: number }> {
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  const r = spawnSync(ffprobe, ['-v', 'error', '-rtsp_transport', 'tcp', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate', '-of', 'json', url], { encoding: 'utf8', timeout: 20_000 });
  const s = (JSON.parse(r.stdout || '{}') as { streams?: Array<{ width: number; height: number; r_frame_rate: string }> }).streams?.[0];
  if (!s) throw new Error(`ffprobe found no video at ${redact(url)}: ${r.stderr}`);
  const [num, den] = s.r_frame_rate.split('/').map(Number);
  return { width: s.width, height: s.height, fps: num! / (den || 1) };
}

// The cloud's log goes to stderr: stdout is the report, its last line the JSON.
const logger = createLogger({ name: 'detect-bench', level: process.env.LOG_LEVEL ?? 'error', destination: process.stderr });
const work = await mkdtemp(join(tmpdir(), 'argus-detect-bench-'));
await chmod(work, 0o755); // the embedded PostgreSQL may run as another user and must reach its folder
const edgeToken = randomBytes(24).toString('hex');
const admin = { email: 'bench@argus.local', password: randomBytes(16).toString('hex') };
const simPassword = randomBytes(8).toString('hex');
const children: ChildProcess[] = [];
let cloud: CloudService | undefined;
let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let bundle: AgentBundle | undefined;

function spawnLogged(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.push(child);
  return child;
}
async function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
async function tail(file: string, lines = 15): Promise<string> {
  return redact((await readFile(file, 'utf8').catch(() => '')).split('\n').slice(-lines).join('\n'));
}

interface Window {
  cpu: TreeCpu;
  sim: TreeCpu;
  machineBusyPct: number;
  fromMs: number;
  toMs: number;
}
/** Warm-up, then the measured window over `pid`'s tree and the simulator's. */
async function measure(
  pid: number,
  simPid: number,
  roles: (p: ProcInfo, root: number) => string,
  isAlive: () => boolean,
  edges: { atStart?: () => Promise<void>; atEnd?: () => Promise<void> } = {},
): Promise<Window> {
  await delay(warmupSeconds * 1000);
  if (!isAlive()) throw new Error('the measured process exited during the warm-up');
  const fromMs = Date.now();
  const [a, s0, m0] = await Promise.all([sampleTree(pid), sampleTree(simPid), machineTicks(), edges.atStart?.()]);
  await delay(seconds * 1000);
  const [b, s1, m1] = await Promise.all([sampleTree(pid), sampleTree(simPid), machineTicks(), edges.atEnd?.()]);
  const toMs = Date.now();
  if (!isAlive()) throw new Error('the measured process exited during the window');
  return {
    cpu: treeCpu(a, b, roles, pid),
    sim: treeCpu(s0, s1, () => 'argus-sim', simPid),
    machineBusyPct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 * cpus().length,
    fromMs,
    toMs,
  };
}

interface ArgusRun extends Window {
  segments: number;
  eventsSent: number;
  snapshots: number;
  motionEvents: number;
  motionEventCameras: number;
  /** Deltas of the agent's detection series (frames, detections…), whatever it exposes. */
  detectSeries: Record<string, number>;
  detectCmd: string | undefined;
  restarts: number;
}
/** motion's threads: `nc<N>:<camera>` capture (RTSP + decode), `ml<N>:<camera>` the motion loop (detection), the rest. */
function motionThreadKind(name: string): string {
  if (/^nc\d/.test(name)) return 'capture + decode (nc)';
  if (/^ml\d/.test(name)) return 'detection loop (ml)';
  return 'other threads';
}

interface MotionRun extends Window {
  threads: Record<string, number>;
  eventsStarted: number;
  camerasWithEvents: number;
  connected: number;
  problems: number;
  problemLines: string[];
}

try {
  // Cloud: embedded PostgreSQL, file object store, an admin to read the events back. Runs in this process, not counted.
  pg = await startEmbeddedPostgres({ dir: join(work, 'pg'), durability: 'fast' });
  const cloudPort = await freePort();
  cloud = createCloud(
    loadCloudConfig({
      PORT: String(cloudPort), DATABASE_URL: pg.url, ARGUS_DATA_DIR: join(work, 'cloud'), ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'warn',
      ARGUS_ADMIN_EMAIL: admin.email, ARGUS_ADMIN_PASSWORD: admin.password,
    }),
    { logger },
  );
  await cloud.start();
  const cloudUrl = `http://127.0.0.1:${cloudPort}`;
  const login = await fetch(`${cloudUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (!login.ok) throw new Error(`cloud sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  /** Motion events (distinct ids) that started inside [from, to], by camera. */
  async function cloudMotionEvents(fromMs: number, toMs: number): Promise<Record<string, number>> {
    const q = new URLSearchParams({ label: 'motion', from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), limit: '1000' });
    const r = await fetch(`${cloudUrl}/api/events?${q}`, { headers: { cookie } });
    if (!r.ok) return {};
    const body = (await r.json()) as { events: Array<{ id: string; cameraId: string; startedAt: string }> };
    const seen = new Map<string, string>();
    for (const e of body.events) {
      const t = Date.parse(e.startedAt);
      if (t >= fromMs && t <= toMs) seen.set(e.id, e.cameraId);
    }
    const byCamera: Record<string, number> = {};
    for (const cam of seen.values()) byCamera[cam] = (byCamera[cam] ?? 0) + 1;
    return byCamera;
  }

  // Simulator: its own process (argus-sim CLI), the default scene, credentials on every camera.
  const manifestPath = join(work, 'sim.json');
  const sim = spawnLogged(process.execPath, ['--import', 'tsx', SIM_CLI_TS, '--cameras', String(maxCameras), '--port', '0', '--user', 'bench', '--password', simPassword, '--manifest', manifestPath, '--log-level', 'warn'], join(work, 'sim.log'));
  let manifest: { cameras: Array<{ id: string; urls: { main: string; sub: string } }> } | undefined;
  for (let i = 0; i < 3000 && !manifest; i++) {
    if (sim.exitCode !== null) throw new Error(`argus-sim exited: ${await tail(join(work, 'sim.log'))}`);
    manifest = await readFile(manifestPath, 'utf8').then((t) => JSON.parse(t) as typeof manifest, () => undefined);
    if (!manifest) await delay(100);
  }
  if (!manifest) throw new Error('argus-sim did not start within 5 minutes');
  const cams = manifest.cameras;
  const mainInfo = await ffprobeStream(cams[0]!.urls.main);
  const subInfo = await ffprobeStream(cams[0]!.urls.sub);
  const captureRate = motionCaptureRateFlag === 'auto' ? Math.floor(subInfo.fps) + 1 : Number(motionCaptureRateFlag);

  const motionSettings: MotionSettings = { fps: detectFps, captureRate, width: subInfo.width, height: subInfo.height, eventGapSeconds: 3, logLevel: 6 };

  // The agent: the shipped form (a bundle of main.ts) unless --agent tsx.
  bundle = agentMode === 'bundle' ? await bundleAgent(agentRev) : undefined;
  const profArgs = agentCpuProf ? ['--cpu-prof', '--cpu-prof-dir', agentCpuProf] : [];
  const agentArgs = [...profArgs, ...(bundle ? [bundle.file] : ['--import', 'tsx', AGENT_MAIN_TS])];
  const agentSource = bundle ? `bundle of the ${bundle.source}` : 'sources with tsx (working tree)';
  // --detect-fps 0: recording only (the agent's baseline without detection).
  const detectConfig = detectFps > 0 ? { fps: detectFps } : { enabled: false };

  async function runArgus(n: number): Promise<ArgusRun> {
    const metricsPort = await freePort();
    const config = {
      cloud: { url: cloudUrl, token: edgeToken },
      dataDir: join(work, `argus-${n}`),
      storage: { minFreeBytes: 0 },
      metrics: { port: metricsPort },
      cameras: cams.slice(0, n).map((c) => ({ id: c.id, name: c.id, main: c.urls.main, sub: c.urls.sub, detect: detectConfig })),
    };
    const configPath = join(work, `argus-${n}.json`);
    await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
    const logFile = join(work, `argus-${n}.log`);
    const child = spawnLogged(process.execPath, [...agentArgs, 'run', '--config', configPath], logFile, { ...process.env, LOG_LEVEL: 'warn' });
    const metrics = `http://127.0.0.1:${metricsPort}/metrics`;
    for (let i = 0; i < 300 && !(await fetch(metrics).then((r) => r.ok, () => false)); i++) {
      if (child.exitCode !== null) throw new Error(`the agent exited at start: ${await tail(logFile)}`);
      await delay(100);
    }
    const alive = (): boolean => child.exitCode === null;
    try {
      let m0: Prometheus = {};
      let m1: Prometheus = {};
      const w = await measure(child.pid!, sim.pid!, argusRole, alive, {
        atStart: async () => void (m0 = await scrape(metrics)),
        atEnd: async () => void (m1 = await scrape(metrics)),
      });
      const tree = await sampleTree(child.pid!);
      const detectCmd = tree.procs.find((p) => argusRole(p, child.pid!) === 'ffmpeg detect')?.cmdline;
      // Counters (`_total`) as their growth in the window, gauges as their value at its end (summed over cameras).
      const detectSeries: Record<string, number> = {};
      for (const name of Object.keys(m1)) {
        if (!/^argus_edge_.*(frame|detect|motion)/.test(name) || /_(bucket|sum|count)$/.test(name)) continue;
        detectSeries[name] = name.endsWith('_total') ? m1[name]! - (m0[name] ?? 0) : m1[name]!;
      }
      const events = await cloudMotionEvents(w.fromMs, w.toMs);
      return {
        ...w,
        segments: (m1.argus_edge_segments_recorded_total ?? 0) - (m0.argus_edge_segments_recorded_total ?? 0),
        eventsSent: (m1.argus_edge_events_sent_total ?? 0) - (m0.argus_edge_events_sent_total ?? 0),
        snapshots: (m1.argus_edge_snapshots_uploaded_total ?? 0) - (m0.argus_edge_snapshots_uploaded_total ?? 0),
        restarts: (m1.argus_edge_ffmpeg_restarts_total ?? 0) - (m0.argus_edge_ffmpeg_restarts_total ?? 0),
        motionEvents: Object.values(events).reduce((t, v) => t + v, 0),
        motionEventCameras: Object.keys(events).length,
        detectSeries,
        detectCmd: detectCmd === undefined ? undefined : redact(detectCmd),
      };
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- agent log ---\n${await tail(logFile)}`);
    } finally {
      await stopChild(child);
    }
  }

  async function runMotion(n: number): Promise<MotionRun> {
    const dir = join(work, `motion-${n}`);
    const motion = await startMotion(dir, cams.slice(0, n).map((c) => ({ id: c.id, url: c.urls.sub })), motionSettings, motionBinary);
    try {
      const pid = motion.child.pid!;
      let t0 = new Map<number, { name: string; ticks: number }>();
      let t1 = t0;
      const w = await measure(pid, sim.pid!, () => 'motion', () => motion.child.exitCode === null, {
        atStart: async () => void (t0 = await threadTicks(pid)),
        atEnd: async () => void (t1 = await threadTicks(pid)),
      });
      const log = await summariseMotionLog(motion.logFile, w.fromMs, w.toMs);
      return {
        ...w,
        threads: threadCpu(t0, t1, w.cpu.seconds, motionThreadKind),
        eventsStarted: Object.values(log.eventsStarted).reduce((t, v) => t + v, 0),
        camerasWithEvents: Object.keys(log.eventsStarted).length,
        connected: log.connected,
        problems: log.problems,
        problemLines: log.problemLines.map(redact),
      };
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- motion log ---\n${await tail(motion.logFile)}`);
    } finally {
      await motion.stop();
    }
  }

  console.log(`detect-bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  scene: main ${mainInfo.width}x${mainInfo.height} @ ${f(mainInfo.fps, 2)} fps, sub ${subInfo.width}x${subInfo.height} @ ${f(subInfo.fps, 2)} fps; warm-up ${warmupSeconds} s, window ${seconds} s; agent: ${agentSource}`);
  console.log(`  motion: framerate ${motionSettings.fps}, capture_rate ${motionSettings.captureRate}, ${motionSettings.width}x${motionSettings.height}, event_gap ${motionSettings.eventGapSeconds}, log_level ${motionSettings.logLevel}`);

  const results: Array<{ n: number; argus: ArgusRun; motion: MotionRun }> = [];
  for (const n of cameraCounts) {
    process.stderr.write(`detect-bench: ${n} camera(s): Argus…\n`);
    const argus = await runArgus(n);
    process.stderr.write(`detect-bench: ${n} camera(s): Argus ${f(argus.cpu.totalPct / n, 2)} %/camera; motion…\n`);
    const motion = await runMotion(n);
    process.stderr.write(`detect-bench: ${n} camera(s): motion ${f(motion.cpu.totalPct / n, 2)} %/camera\n`);
    results.push({ n, argus, motion });
  }

  const detecting = results.some((r) => r.argus.motionEvents > 0 || r.argus.detectCmd !== undefined || Object.values(r.argus.detectSeries).some((v) => v > 0));
  const argusLabel = detecting ? 'recording + motion detection' : 'RECORDING ONLY (this agent runs no detection on the sub stream)';
  console.log(`\nCPU in % of one core over the ${seconds} s window (utime+stime of the whole process tree); Argus: ${argusLabel}\n`);
  console.log('| cameras | Argus CPU % (all) | Argus per camera | motion CPU % (all) | motion per camera | ratio Argus/motion | sim CPU % (Argus run / motion run) | machine busy % (of one core) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { n, argus, motion } of results) {
    console.log(`| ${n} | ${f(argus.cpu.totalPct)} | ${f(argus.cpu.totalPct / n, 2)} | ${f(motion.cpu.totalPct)} | ${f(motion.cpu.totalPct / n, 2)} | ${f(argus.cpu.totalPct / motion.cpu.totalPct, 2)} | ${f(argus.sim.totalPct)} / ${f(motion.sim.totalPct)} | ${f(argus.machineBusyPct, 0)} / ${f(motion.machineBusyPct, 0)} |`);
  }
  const roles = [...new Set(results.flatMap((r) => Object.keys(r.argus.cpu.byRole)))].sort((a, b) => (a === 'node' ? -1 : b === 'node' ? 1 : a.localeCompare(b)));
  console.log('\nWhere Argus\'s CPU goes (% of one core, all cameras; processes alive at the end in brackets):\n');
  console.log(`| cameras | ${roles.join(' | ')} | RSS MB | motion RSS MB |`);
  console.log(`|---:|${roles.map(() => '---:').join('|')}|---:|---:|`);
  for (const { n, argus, motion } of results) {
    console.log(`| ${n} | ${roles.map((r) => `${f(argus.cpu.byRole[r] ?? 0)}${argus.cpu.counts[r] ? ` (${argus.cpu.counts[r]})` : ''}`).join(' | ')} | ${f(argus.cpu.rssMb, 0)} | ${f(motion.cpu.rssMb, 0)} |`);
  }
  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.motion.threads)))].sort();
  console.log('\nWhere motion\'s CPU goes (% of one core, all cameras, by thread):\n');
  console.log(`| cameras | ${kinds.join(' | ')} |`);
  console.log(`|---:|${kinds.map(() => '---:').join('|')}|`);
  for (const { n, motion } of results) console.log(`| ${n} | ${kinds.map((k) => f(motion.threads[k] ?? 0)).join(' | ')} |`);
  console.log('\nEach side doing its job in the window:\n');
  console.log('| cameras | Argus segments recorded | Argus motion events in the cloud (cameras) | Argus event phases sent | Argus snapshots stored | Argus ffmpeg restarts | Argus detect series | motion events started (cameras) | motion cameras connected | motion problems |');
  console.log('|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
  for (const { n, argus, motion } of results) {
    const series = Object.entries(argus.detectSeries).map(([k, v]) => `${k.replace(/^argus_edge_/, '')} ${k.endsWith('_total') ? '+' : '='}${round(v, 1)}`).join(', ') || 'none';
    console.log(`| ${n} | ${argus.segments} | ${argus.motionEvents} (${argus.motionEventCameras}/${n}) | ${argus.eventsSent} | ${argus.snapshots} | ${argus.restarts} | ${series} | ${motion.eventsStarted} (${motion.camerasWithEvents}/${n}) | ${motion.connected}/${n} | ${motion.problems} |`);
  }
  const detectCmd = results.map((r) => r.argus.detectCmd).find((c) => c !== undefined);
  if (detectCmd) console.log(`\nArgus detect decoder: ${detectCmd}`);
  for (const { n, motion } of results) for (const line of motion.problemLines) console.log(`motion (${n}): ${line}`);

  const totalArgus = results.reduce((t, r) => t + r.argus.cpu.totalPct, 0);
  const totalMotion = results.reduce((t, r) => t + r.motion.cpu.totalPct, 0);
  const totalCams = results.reduce((t, r) => t + r.n, 0);
  console.log(`\nTotals over ${results.map((r) => r.n).join('+')} = ${totalCams} cameras: Argus ${f(totalArgus)} %, motion ${f(totalMotion)} % (per camera ${f(totalArgus / totalCams, 2)} vs ${f(totalMotion / totalCams, 2)}, ratio ${f(totalArgus / totalMotion, 2)})`);
  const json = {
    cameras: Object.fromEntries(
      results.map(({ n, argus, motion }) => [
        String(n),
        { argusCpuPct: round(argus.cpu.totalPct / n), motionCpuPct: round(motion.cpu.totalPct / n), ratio: round(argus.cpu.totalPct / motion.cpu.totalPct) },
      ]),
    ),
  };
  console.log(JSON.stringify(json));
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => stopChild(c, 5000)));
  await cloud?.stop().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
  await bundle?.remove();
  await rm(work, { recursive: true, force: true });
}
