/**
 * `npm run bench:detect`: CPU per camera of the Argus edge agent (recording
 * every camera's main stream and detecting motion on its sub stream at
 * 5 fps) next to Debian's `motion` daemon watching the same sub streams at
 * the same rate, on the same machine, in the same run.
 *
 *   npm run bench:detect -- [--cameras 1,4,16] [--warmup 30] [--seconds 60]
 *                           [--detect-fps 5] [--live-tap on|off] [--agent bundle|tsx] [--agent-rev <git rev>]
 *                           [--motion-capture-rate auto|<n>] [--agent-cpu-prof <dir>]
 *                           [--no-objects] [--objects-clip <video>] [--inference-only]
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
 * - Object detection is off in those runs (`inference.endpoint: off`).
 *   Unless `--no-objects`: first the model's cost and the share of frames sent
 *   to it on the shared clips (inference-bench.ts, in this process before
 *   anything else runs), then, for each camera count, the Argus side twice
 *   more against a second simulator playing the shared people clip: motion
 *   only, then motion + objects (`inference.endpoint: cloud`: the bench's
 *   cloud runs the model in its detector worker thread). The agent's CPU is
 *   counted as above (its process tree only); the cloud's inference CPU
 *   (the threads this process started for the model) and its DetectLabels
 *   calls are reported apart. `--inference-only` prints the first part and
 *   stops (no simulator, cloud, agent or motion needed).
 * - The last line of stdout is one JSON document:
 *   { "cameras": { "<n>": { "argusCpuPct", "motionCpuPct", "ratio" } } }
 *   with CPU per camera (% of one core) and ratio = Argus / motion; with
 *   objects each camera count also has "argusPeopleCpuPct" (motion only,
 *   people clip), "argusObjectsCpuPct" (motion + objects, people clip),
 *   "objectsRatio" (argusObjectsCpuPct / motionCpuPct), "cloudInferenceCpuPct"
 *   and "inferenceCallsPerSecond" (all cameras), and the document an
 *   "inference" object (model ms p50/p95, frames/s per core, share sent per
 *   clip).
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
import { formatInference, inferenceJson, measureInference, type InferenceFigures } from './inference-bench.js';
import { startMotion, summariseMotionLog, type MotionSettings } from './motion-daemon.js';
import { machineTicks, sampleTree, threadCpu, threadTicks, treeCpu, type ProcInfo, type TreeCpu } from './proc-tree.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const AGENT_MAIN_TS = join(REPO, 'edge-agent/src/main.ts');
const SIM_CLI_TS = join(REPO, 'simulators/src/cli.ts');
const SHARED_VIDEOS = join(REPO, '../shared/testdata/videos');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const cameraCounts = flag('cameras', '1,4,16').split(',').map(Number);
const warmupSeconds = Number(flag('warmup', '30'));
const seconds = Number(flag('seconds', '60'));
const detectFps = Number(flag('detect-fps', '5'));
// The live tap (edge config liveTap.enabled): on as shipped; off to see what it costs.
const liveTap = flag('live-tap', 'on') !== 'off';
const agentMode = flag('agent', 'bundle');
const agentRev = flag('agent-rev', '') || undefined;
/** Write a V8 CPU profile of the agent's Node process per run into this folder (for finding where its CPU goes; it costs some CPU itself). */
const agentCpuProf = flag('agent-cpu-prof', '') || undefined;
const motionCaptureRateFlag = flag('motion-capture-rate', 'auto');
const motionBinary = flag('motion-binary', 'motion');
/** Object detection: the model's cost and share sent, then the agent with objects on, on a scene with people. */
// On unless --no-objects (the CI run's size) or detection is off (--detect-fps 0); --objects, the older spelling, changes nothing.
const objectsFlag = !process.argv.includes('--no-objects') && detectFps > 0;
const inferenceOnly = process.argv.includes('--inference-only');
const objectsClip = flag('objects-clip', join(SHARED_VIDEOS, 'intel_one-by-one-person-detection.mp4'));
if (cameraCounts.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0) || !(warmupSeconds >= 0) || !['bundle', 'tsx'].includes(agentMode)) {
  console.error('usage: detect-bench [--cameras 1,4,16] [--warmup 30] [--seconds 60] [--detect-fps 5] [--live-tap on|off] [--agent bundle|tsx] [--agent-rev <git rev>] [--motion-capture-rate auto|<n>] [--no-objects] [--objects-clip <video>] [--inference-only]');
  process.exit(2);
}
const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const round = (n: number, d = 3): number => Number(n.toFixed(d));
const loadNow = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The model's figures (before anything else runs, so that nothing competes with it), or why there are none. */
async function inferenceSection(): Promise<InferenceFigures | undefined> {
  const before = loadNow();
  try {
    const figures = await measureInference(SHARED_VIDEOS, (line) => process.stderr.write(`detect-bench: ${line}\n`));
    console.log(`\n${formatInference(figures)}\n\n(load average before ${before}, after ${loadNow()}; ${cpus().length} cores)`);
    return figures;
  } catch (err) {
    console.log(`\ndetect-bench: no inference figures: ${(err as Error).message}`);
    return undefined;
  }
}
if (inferenceOnly) {
  console.log(`detect-bench --inference-only: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadNow()}`);
  const figures = await inferenceSection();
  console.log(JSON.stringify(figures ? { inference: inferenceJson(figures) } : {}));
  process.exit(figures ? 0 : 1);
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
const logLevel = process.env.LOG_LEVEL ?? 'error';
/** The cloud's DetectLabels calls (its debug line per call: when, and the model's ms), read while the objects runs run. */
const detectLabels: Array<{ at: number; ms: number }> = [];
const PINO_LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const logger = objectsFlag
  ? createLogger({
      name: 'detect-bench',
      level: 'debug',
      destination: {
        write(line: string): void {
          const entry = JSON.parse(line) as { level: number; time: number; msg?: string; inferenceMs?: number };
          if (entry.msg === 'DetectLabels' && typeof entry.inferenceMs === 'number') detectLabels.push({ at: entry.time, ms: entry.inferenceMs });
          if (entry.level >= (PINO_LEVELS[logLevel] ?? 50)) process.stderr.write(line);
        },
      },
    })
  : createLogger({ name: 'detect-bench', level: logLevel, destination: process.stderr });
const work = await mkdtemp(join(tmpdir(), 'argus-detect-bench-'));
await chmod(work, 0o755); // the embedded PostgreSQL may run as another user and must reach its folder
/**
 * Threads of this process before any model ran (libuv's pool exists by now: mkdtemp used it). Threads started later
 * are the model's: the cloud's detector worker and libvips' decoding threads (sharp, shared with the objects' first part).
 */
const threadsBefore = new Set((await threadTicks(process.pid)).keys());
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

/** What the cloud (this process) did for a run with objects on, in its window. */
interface CloudInference {
  /** DetectLabels calls answered. */
  calls: number;
  /** The model's ms per call, mean. */
  meanMs: number;
  /** CPU of the threads this process started for the model (the detector worker, its decoder threads), % of one core. */
  inferenceCpuPct: number;
  /** CPU of this whole process (cloud, model, bench), % of one core. */
  processCpuPct: number;
  /** Object events that started in the window, by label (from the cloud). */
  objectEvents: Record<string, number>;
}

interface ArgusRun extends Window {
  cloudInference: CloudInference | undefined;
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
  // Objects: the model's cost first, alone on the machine (apart from whatever else the host runs).
  const inference = objectsFlag ? await inferenceSection() : undefined;
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

  /** Events of a label (distinct ids) that started inside [from, to], by camera. */
  async function cloudEvents(fromMs: number, toMs: number, label = 'motion'): Promise<Record<string, number>> {
    const q = new URLSearchParams({ label, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), limit: '1000' });
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

  // Objects: a second simulator playing the shared people clip (its own process, its CPU reported apart like the first's).
  let people: { pid: number; cams: typeof cams; sub: { width: number; height: number; fps: number } } | undefined;
  if (objectsFlag) {
    if (!(await readFile(objectsClip).then(() => true, () => false))) {
      console.log(`detect-bench: objects: no clip at ${objectsClip} (the shared people clip, or --objects-clip <video>); the Argus runs with objects are skipped`);
    } else {
      process.stderr.write(`detect-bench: starting a simulator playing ${objectsClip} (the first start encodes it; cached afterwards)…\n`);
      const peopleManifest = join(work, 'sim-people.json');
      const simPeople = spawnLogged(process.execPath, ['--import', 'tsx', SIM_CLI_TS, '--cameras', String(maxCameras), '--port', '0', '--user', 'bench', '--password', simPassword, '--manifest', peopleManifest, '--scene', objectsClip, '--id-prefix', 'people', '--log-level', 'warn'], join(work, 'sim-people.log'));
      let m: typeof manifest | undefined = undefined;
      for (let i = 0; i < 6000 && !m; i++) {
        if (simPeople.exitCode !== null) throw new Error(`argus-sim (people clip) exited: ${await tail(join(work, 'sim-people.log'))}`);
        m = await readFile(peopleManifest, 'utf8').then((t) => JSON.parse(t) as typeof manifest, () => undefined);
        if (!m) await delay(100);
      }
      if (!m) throw new Error('argus-sim (people clip) did not start within 10 minutes');
      people = { pid: simPeople.pid!, cams: m.cameras, sub: await ffprobeStream(m.cameras[0]!.urls.sub) };
    }
  }

  // The agent: the shipped form (a bundle of main.ts) unless --agent tsx.
  bundle = agentMode === 'bundle' ? await bundleAgent(agentRev) : undefined;
  const profArgs = agentCpuProf ? ['--cpu-prof', '--cpu-prof-dir', agentCpuProf] : [];
  const agentArgs = [...profArgs, ...(bundle ? [bundle.file] : ['--import', 'tsx', AGENT_MAIN_TS])];
  const agentSource = bundle ? `bundle of the ${bundle.source}` : 'sources with tsx (working tree)';
  // --detect-fps 0: recording only (the agent's baseline without detection).
  const detectConfig = detectFps > 0 ? { fps: detectFps } : { enabled: false };

  /**
   * One Argus run of n cameras against a simulator: `objects` off (motion only; `inference.endpoint: off`, which an
   * agent from before object detection ignores) or on (`inference.endpoint: cloud`, the camera's default object settings).
   */
  async function runArgus(n: number, run: { name: string; cams: typeof cams; simPid: number; objects: boolean }): Promise<ArgusRun> {
    const metricsPort = await freePort();
    const config = {
      cloud: { url: cloudUrl, token: edgeToken },
      dataDir: join(work, `argus-${run.name}-${n}`),
      storage: { minFreeBytes: 0 },
      metrics: { port: metricsPort },
      inference: { endpoint: run.objects ? 'cloud' : 'off' },
      liveTap: { enabled: liveTap },
      cameras: run.cams.slice(0, n).map((c) => ({ id: c.id, name: c.id, main: c.urls.main, sub: c.urls.sub, detect: detectConfig })),
    };
    const configPath = join(work, `argus-${run.name}-${n}.json`);
    await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
    const logFile = join(work, `argus-${run.name}-${n}.log`);
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
      let t0 = new Map<number, { name: string; ticks: number }>();
      let t1 = t0;
      let c0 = process.cpuUsage();
      let c1 = c0;
      const w = await measure(child.pid!, run.simPid, argusRole, alive, {
        atStart: async () => {
          [m0, t0] = await Promise.all([scrape(metrics), threadTicks(process.pid)]);
          c0 = process.cpuUsage();
        },
        atEnd: async () => {
          [m1, t1] = await Promise.all([scrape(metrics), threadTicks(process.pid)]);
          c1 = process.cpuUsage(c0);
        },
      });
      const tree = await sampleTree(child.pid!);
      const detectCmd = tree.procs.find((p) => argusRole(p, child.pid!) === 'ffmpeg detect')?.cmdline;
      // Counters (`_total`) as their growth in the window, gauges as their value at its end (summed over cameras).
      const detectSeries: Record<string, number> = {};
      for (const name of Object.keys(m1)) {
        if (!/^argus_edge_.*(frame|detect|motion|object|inference)/.test(name) || /_(bucket|sum|count)$/.test(name)) continue;
        detectSeries[name] = name.endsWith('_total') ? m1[name]! - (m0[name] ?? 0) : m1[name]!;
      }
      const events = await cloudEvents(w.fromMs, w.toMs);
      let cloudInference: CloudInference | undefined;
      if (run.objects) {
        const windowSeconds = (w.toMs - w.fromMs) / 1000;
        const calls = detectLabels.filter((c) => c.at >= w.fromMs && c.at <= w.toMs);
        const modelThreads = threadCpu(t0, new Map([...t1].filter(([tid]) => !threadsBefore.has(tid))), windowSeconds, () => 'model');
        const objectEvents: Record<string, number> = {};
        for (const label of ['person', 'car', 'truck', 'bus', 'bicycle', 'motorcycle']) {
          const count = Object.values(await cloudEvents(w.fromMs, w.toMs, label)).reduce((t, v) => t + v, 0);
          if (count > 0) objectEvents[label] = count;
        }
        cloudInference = {
          calls: calls.length,
          meanMs: calls.length > 0 ? calls.reduce((t, c) => t + c.ms, 0) / calls.length : 0,
          inferenceCpuPct: modelThreads.model ?? 0,
          processCpuPct: ((c1.user + c1.system) / 1e6 / windowSeconds) * 100,
          objectEvents,
        };
      }
      return {
        ...w,
        cloudInference,
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

  if (people) console.log(`  objects runs: the people clip ${objectsClip}, sub ${people.sub.width}x${people.sub.height} @ ${f(people.sub.fps, 2)} fps; agent inference endpoint: the bench's cloud (model in its detector worker thread)`);

  const results: Array<{ n: number; argus: ArgusRun; motion: MotionRun; peopleMotion?: ArgusRun; peopleObjects?: ArgusRun }> = [];
  for (const n of cameraCounts) {
    process.stderr.write(`detect-bench: ${n} camera(s): Argus…\n`);
    const argus = await runArgus(n, { name: 'motion', cams, simPid: sim.pid!, objects: false });
    process.stderr.write(`detect-bench: ${n} camera(s): Argus ${f(argus.cpu.totalPct / n, 2)} %/camera; motion…\n`);
    const motion = await runMotion(n);
    process.stderr.write(`detect-bench: ${n} camera(s): motion ${f(motion.cpu.totalPct / n, 2)} %/camera\n`);
    if (!people) {
      results.push({ n, argus, motion });
      continue;
    }
    process.stderr.write(`detect-bench: ${n} camera(s): Argus on the people clip, motion only…\n`);
    const peopleMotion = await runArgus(n, { name: 'people-motion', cams: people.cams, simPid: people.pid, objects: false });
    process.stderr.write(`detect-bench: ${n} camera(s): ${f(peopleMotion.cpu.totalPct / n, 2)} %/camera; with objects…\n`);
    const peopleObjects = await runArgus(n, { name: 'people-objects', cams: people.cams, simPid: people.pid, objects: true });
    process.stderr.write(`detect-bench: ${n} camera(s): ${f(peopleObjects.cpu.totalPct / n, 2)} %/camera with objects\n`);
    results.push({ n, argus, motion, peopleMotion, peopleObjects });
  }

  const detecting = results.some((r) => r.argus.motionEvents > 0 || r.argus.detectCmd !== undefined || Object.values(r.argus.detectSeries).some((v) => v > 0));
  const argusLabel = detecting ? 'recording + motion detection' : 'RECORDING ONLY (this agent runs no detection on the sub stream)';
  const withPeople = results.some((r) => r.peopleObjects !== undefined);
  console.log(`\nCPU in % of one core over the ${seconds} s window (utime+stime of the whole process tree); Argus: ${argusLabel}${withPeople ? '; people clip: the same agent against the simulator playing the people clip, motion only and motion + objects (its cloud\'s inference not counted)' : ''}\n`);
  const peopleHead = withPeople ? ' Argus people clip, motion only, per camera | Argus people clip, motion + objects, per camera | objects add per camera | ratio Argus motion + objects / motion | cloud inference CPU % (all) |' : '';
  console.log(`| cameras | Argus CPU % (all) | Argus per camera | motion CPU % (all) | motion per camera | ratio Argus/motion | sim CPU % (Argus run / motion run) | machine busy % (of one core) |${peopleHead}`);
  console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|${withPeople ? '---:|---:|---:|---:|---:|' : ''}`);
  for (const { n, argus, motion, peopleMotion, peopleObjects } of results) {
    const extra =
      peopleMotion && peopleObjects
        ? ` ${f(peopleMotion.cpu.totalPct / n, 2)} | ${f(peopleObjects.cpu.totalPct / n, 2)} | ${f((peopleObjects.cpu.totalPct - peopleMotion.cpu.totalPct) / n, 2)} | ${f(peopleObjects.cpu.totalPct / motion.cpu.totalPct, 2)} | ${f(peopleObjects.cloudInference?.inferenceCpuPct ?? NaN)} |`
        : withPeople
          ? ' n/a | n/a | n/a | n/a | n/a |'
          : '';
    console.log(`| ${n} | ${f(argus.cpu.totalPct)} | ${f(argus.cpu.totalPct / n, 2)} | ${f(motion.cpu.totalPct)} | ${f(motion.cpu.totalPct / n, 2)} | ${f(argus.cpu.totalPct / motion.cpu.totalPct, 2)} | ${f(argus.sim.totalPct)} / ${f(motion.sim.totalPct)} | ${f(argus.machineBusyPct, 0)} / ${f(motion.machineBusyPct, 0)} |${extra}`);
  }
  /** Every Argus run, labelled: the car scene's, then (with objects) the people clip's two. */
  const argusRuns = results.flatMap((r) => [
    { n: r.n, label: String(r.n), run: r.argus, motion: r.motion as MotionRun | undefined },
    ...(r.peopleMotion ? [{ n: r.n, label: `${r.n} people, motion only`, run: r.peopleMotion, motion: undefined }] : []),
    ...(r.peopleObjects ? [{ n: r.n, label: `${r.n} people, motion + objects`, run: r.peopleObjects, motion: undefined }] : []),
  ]);
  const roles = [...new Set(argusRuns.flatMap((r) => Object.keys(r.run.cpu.byRole)))].sort((a, b) => (a === 'node' ? -1 : b === 'node' ? 1 : a.localeCompare(b)));
  console.log('\nWhere Argus\'s CPU goes (% of one core, all cameras; processes alive at the end in brackets):\n');
  console.log(`| cameras | ${roles.join(' | ')} | RSS MB | motion RSS MB |`);
  console.log(`|---:|${roles.map(() => '---:').join('|')}|---:|---:|`);
  for (const { label, run, motion } of argusRuns) {
    console.log(`| ${label} | ${roles.map((r) => `${f(run.cpu.byRole[r] ?? 0)}${run.cpu.counts[r] ? ` (${run.cpu.counts[r]})` : ''}`).join(' | ')} | ${f(run.cpu.rssMb, 0)} | ${motion ? f(motion.cpu.rssMb, 0) : '-'} |`);
  }
  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.motion.threads)))].sort();
  console.log('\nWhere motion\'s CPU goes (% of one core, all cameras, by thread):\n');
  console.log(`| cameras | ${kinds.join(' | ')} |`);
  console.log(`|---:|${kinds.map(() => '---:').join('|')}|`);
  for (const { n, motion } of results) console.log(`| ${n} | ${kinds.map((k) => f(motion.threads[k] ?? 0)).join(' | ')} |`);
  console.log('\nEach side doing its job in the window:\n');
  console.log('| cameras | Argus segments recorded | Argus motion events in the cloud (cameras) | Argus event phases sent | Argus snapshots stored | Argus ffmpeg restarts | Argus detect series | motion events started (cameras) | motion cameras connected | motion problems |');
  console.log('|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
  for (const { n, label, run, motion } of argusRuns) {
    const series = Object.entries(run.detectSeries).map(([k, v]) => `${k.replace(/^argus_edge_/, '')} ${k.endsWith('_total') ? '+' : '='}${round(v, 1)}`).join(', ') || 'none';
    const m = motion ? `${motion.eventsStarted} (${motion.camerasWithEvents}/${n}) | ${motion.connected}/${n} | ${motion.problems}` : '- | - | -';
    console.log(`| ${label} | ${run.segments} | ${run.motionEvents} (${run.motionEventCameras}/${n}) | ${run.eventsSent} | ${run.snapshots} | ${run.restarts} | ${series} | ${m} |`);
  }
  if (withPeople) {
    console.log('\nObjects on (people clip): the cloud\'s side, in this process (not in the agent\'s figures):\n');
    console.log('| cameras | DetectLabels calls (per s) | model ms per call, mean | cloud inference threads CPU % | bench process CPU % (cloud + model) | object events started in the cloud |');
    console.log('|---:|---:|---:|---:|---:|---|');
    for (const { n, peopleObjects } of results) {
      const c = peopleObjects?.cloudInference;
      if (!c || !peopleObjects) continue;
      const perSecond = c.calls / ((peopleObjects.toMs - peopleObjects.fromMs) / 1000);
      console.log(`| ${n} | ${c.calls} (${f(perSecond, 2)}) | ${f(c.meanMs, 0)} | ${f(c.inferenceCpuPct)} | ${f(c.processCpuPct)} | ${Object.entries(c.objectEvents).map(([l, k]) => `${l} ${k}`).join(', ') || 'none'} |`);
    }
  }
  const detectCmd = argusRuns.map((r) => r.run.detectCmd).find((c) => c !== undefined);
  if (detectCmd) console.log(`\nArgus detect decoder: ${detectCmd}`);
  const objectsCmd = results.map((r) => r.peopleObjects?.detectCmd).find((c) => c !== undefined);
  if (objectsCmd && objectsCmd !== detectCmd) console.log(`Argus detect decoder with objects on: ${objectsCmd}`);
  for (const { n, motion } of results) for (const line of motion.problemLines) console.log(`motion (${n}): ${line}`);

  const totalArgus = results.reduce((t, r) => t + r.argus.cpu.totalPct, 0);
  const totalMotion = results.reduce((t, r) => t + r.motion.cpu.totalPct, 0);
  const totalCams = results.reduce((t, r) => t + r.n, 0);
  console.log(`\nTotals over ${results.map((r) => r.n).join('+')} = ${totalCams} cameras: Argus ${f(totalArgus)} %, motion ${f(totalMotion)} % (per camera ${f(totalArgus / totalCams, 2)} vs ${f(totalMotion / totalCams, 2)}, ratio ${f(totalArgus / totalMotion, 2)})`);
  console.log(`Load average at the end: ${loadNow()}`);
  const json = {
    cameras: Object.fromEntries(
      results.map(({ n, argus, motion, peopleMotion, peopleObjects }) => [
        String(n),
        {
          argusCpuPct: round(argus.cpu.totalPct / n),
          motionCpuPct: round(motion.cpu.totalPct / n),
          ratio: round(argus.cpu.totalPct / motion.cpu.totalPct),
          ...(peopleMotion && peopleObjects
            ? {
                argusPeopleCpuPct: round(peopleMotion.cpu.totalPct / n),
                argusObjectsCpuPct: round(peopleObjects.cpu.totalPct / n),
                objectsRatio: round(peopleObjects.cpu.totalPct / motion.cpu.totalPct),
                cloudInferenceCpuPct: round(peopleObjects.cloudInference?.inferenceCpuPct ?? 0),
                inferenceCallsPerSecond: round((peopleObjects.cloudInference?.calls ?? 0) / ((peopleObjects.toMs - peopleObjects.fromMs) / 1000)),
              }
            : {}),
        },
      ]),
    ),
    ...(inference ? { inference: inferenceJson(inference) } : {}),
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
