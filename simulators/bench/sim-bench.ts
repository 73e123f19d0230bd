/**
 * `npm run bench:sim [-- --cameras 100 --seconds 60 --baseline 10]`: how much
 * one simulator process costs per camera streamed. Starts the simulator in its
 * own process (sim-bench-server.ts), one `ffmpeg -rtsp_transport tcp -c copy
 * -f null` client per camera (niced, so the simulator's numbers are its own),
 * and reports simulator CPU (% of one core) and RSS, client CPU, stalls (a
 * client whose out_time does not advance for more than 2 s) and frames
 * delivered; then the same for the baseline camera count, side by side.
 * A benchmark, not a test: it asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ffmpegBinaries } from '@argus/runtime';

const STALL_MS = 2_000; // used by the client watcher: no out_time progress for longer is a stall
const WARMUP_MS = 5_000; // used by runBench: clients connect and probe before measuring starts
const CLK_TCK = 100; // /proc/<pid>/stat ticks per second on Linux

interface Stat {
  readonly t: number;
  readonly cpuUs: number;
  readonly rss: number;
  readonly sessions: number;
}

interface RunResult {
  readonly cameras: number;
  readonly seconds: number;
  readonly simCpuPct: number;
  readonly simRssMb: number;
  readonly simIdleRssMb: number;
  readonly clientCpuPct: number;
  readonly stalls: number;
  readonly stalledClients: number;
  readonly frames: number;
  readonly expectedFrames: number;
  readonly sessions: number;
}

function procCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class ClientWatch {
  lastOutUs = -1;
  lastAdvanceMs = performance.now();
  frames = 0;
  stalls = 0;
  inStall = false;
  measuring = false;

  onProgress(key: string, value: string): void {
    if (key === 'frame') this.frames = Number(value) || this.frames;
    if (key === 'out_time_us') {
      const us = Number(value);
      if (Number.isFinite(us) && us > this.lastOutUs) {
        this.lastOutUs = us;
        this.lastAdvanceMs = performance.now();
        this.inStall = false;
      }
    }
  }

  check(now: number): void {
    if (!this.measuring || this.inStall) return;
    if (now - this.lastAdvanceMs > STALL_MS) {
      this.stalls++;
      this.inStall = true;
    }
  }
}

async function runBench(cameras: number, seconds: number): Promise<RunResult> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sim-bench-server.ts', import.meta.url)), String(cameras)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stats: Stat[] = [];
  const ready = new Promise<string[]>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; urls?: string[] } & Stat;
      if (msg.ready) resolve(msg.urls!);
      else stats.push(msg);
    });
  });
  const urls = await ready;
  await sleep(2_000);
  const idleRss = stats.at(-1)?.rss ?? 0;
  const { ffmpeg } = ffmpegBinaries();
  const clients: ChildProcess[] = [];
  const watches = urls.map(() => new ClientWatch());
  urls.forEach((url, i) => {
    const child = spawn('nice', ['-n', '10', ffmpeg, '-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-c', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.5'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    clients.push(child);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const eq = line.indexOf('=');
      if (eq > 0) watches[i]!.onProgress(line.slice(0, eq), line.slice(eq + 1));
    });
  });
  await sleep(WARMUP_MS);
  const startStat = stats.at(-1)!;
  const startFrames = watches.reduce((n, w) => n + w.frames, 0);
  const startClientCpu = clients.reduce((s, c) => s + procCpuSeconds(c.pid), 0);
  for (const w of watches) {
    w.measuring = true;
    w.lastAdvanceMs = Math.max(w.lastAdvanceMs, performance.now() - STALL_MS / 2);
  }
  const started = performance.now();
  const watcher = setInterval(() => {
    const now = performance.now();
    for (const w of watches) w.check(now);
  }, 250);
  await sleep(seconds * 1000);
  clearInterval(watcher);
  const endStat = stats.at(-1)!;
  const elapsedS = (performance.now() - started) / 1000;
  const frames = watches.reduce((n, w) => n + w.frames, 0) - startFrames;
  const clientCpu = clients.reduce((s, c) => s + procCpuSeconds(c.pid), 0) - startClientCpu;
  const window = stats.filter((s) => s.t >= startStat.t && s.t <= endStat.t);
  for (const c of clients) c.kill('SIGKILL');
  server.stdin!.end();
  await new Promise((r) => server.once('exit', r));
  return {
    cameras,
    seconds: Math.round(elapsedS),
    simCpuPct: ((endStat.cpuUs - startStat.cpuUs) / 1e6 / ((endStat.t - startStat.t) / 1000)) * 100,
    simRssMb: Math.max(...window.map((s) => s.rss)) / 2 ** 20,
    simIdleRssMb: idleRss / 2 ** 20,
    clientCpuPct: (clientCpu / elapsedS) * 100,
    stalls: watches.reduce((n, w) => n + w.stalls, 0),
    stalledClients: watches.filter((w) => w.stalls > 0).length,
    frames,
    expectedFrames: Math.round(cameras * elapsedS * 25),
    sessions: endStat.sessions,
  };
}

function table(results: readonly RunResult[]): string {
  const rows: Array<[string, (r: RunResult) => string]> = [
    ['cameras (1280x720 main, 25 fps)', (r) => String(r.cameras)],
    ['measured seconds', (r) => String(r.seconds)],
    ['playing sessions at end', (r) => String(r.sessions)],
    ['sim CPU, % of one core', (r) => r.simCpuPct.toFixed(1)],
    ['sim CPU per camera, %', (r) => (r.simCpuPct / r.cameras).toFixed(2)],
    ['sim RSS peak, MB', (r) => r.simRssMb.toFixed(0)],
    ['sim RSS idle (before clients), MB', (r) => r.simIdleRssMb.toFixed(0)],
    ['sim RSS per camera (peak / cameras), MB', (r) => (r.simRssMb / r.cameras).toFixed(2)],
    ['sim RSS added per streaming camera ((peak - idle) / cameras), MB', (r) => ((r.simRssMb - r.simIdleRssMb) / r.cameras).toFixed(2)],
    ['client CPU (all ffmpeg, niced), % of one core', (r) => r.clientCpuPct.toFixed(1)],
    ['stalls (> 2 s without progress)', (r) => `${r.stalls} (${r.stalledClients} clients)`],
    ['frames delivered / expected', (r) => `${r.frames} / ${r.expectedFrames}`],
  ];
  const header = `| metric | ${results.map((r) => `${r.cameras} cameras`).join(' | ')} |${results.length === 2 ? ' ratio per camera |' : ''}`;
  const sep = `|---|${results.map(() => '---:|').join('')}${results.length === 2 ? '---:|' : ''}`;
  const perCamera = (label: string, r: RunResult): number | undefined => {
    if (label.startsWith('sim CPU per')) return r.simCpuPct / r.cameras;
    if (label.startsWith('sim RSS per')) return r.simRssMb / r.cameras;
    if (label.startsWith('sim RSS added')) return (r.simRssMb - r.simIdleRssMb) / r.cameras;
    if (label.startsWith('client CPU')) return r.clientCpuPct / r.cameras;
    return undefined;
  };
  const lines = rows.map(([label, f]) => {
    let ratio = '';
    if (results.length === 2) {
      const [a, b] = results.map((r) => perCamera(label, r));
      ratio = a !== undefined && b !== undefined && b > 0 ? ` ${(a / b).toFixed(2)} |` : ' |';
    }
    return `| ${label} | ${results.map(f).join(' | ')} |${ratio}`;
  });
  return [header, sep, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cameras: { type: 'string' }, seconds: { type: 'string' }, baseline: { type: 'string' } },
  });
  const cameras = Number(values.cameras ?? 100);
  const seconds = Number(values.seconds ?? 60);
  const baseline = Number(values.baseline ?? 10);
  if (!(cameras >= 1 && seconds >= 5 && baseline >= 0)) throw new Error('--cameras >= 1, --seconds >= 5, --baseline >= 0');
  const results: RunResult[] = [];
  process.stderr.write(`bench:sim ${cameras} cameras x ${seconds} s${baseline > 0 ? `, baseline ${baseline} cameras` : ''}\n`);
  results.push(await runBench(cameras, seconds));
  if (baseline > 0 && baseline !== cameras) results.push(await runBench(baseline, seconds));
  process.stdout.write(`${table(results)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:sim failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
