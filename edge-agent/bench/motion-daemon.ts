/**
 * Debian's `motion` daemon (4.5) as the reference of `npm run bench:detect`:
 * its configuration files, its process, and what its log says it did.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MotionCamera {
  readonly id: string;
  /** RTSP URL of the stream to watch, credentials in it. */
  readonly url: string;
}

export interface MotionSettings {
  /** Frames per second motion processes (`framerate`). */
  readonly fps: number;
  /**
   * Frames per second its capture thread reads and decodes (`capture_rate` in
   * `netcam_params`). Motion's docs ask for slightly more than the camera's
   * rate: below it the capture thread falls behind the stream.
   */
  readonly captureRate: number;
  readonly width: number;
  readonly height: number;
  /** Seconds without motion that end an event (`event_gap`). */
  readonly eventGapSeconds: number;
  /** 6 = NTC: warnings, connections and event start/end lines, nothing per frame. */
  readonly logLevel: number;
}

/** The settings that differ from motion's defaults, one line each, as written to the files (for the report). */
export function motionConfigFiles(dir: string, cameras: readonly MotionCamera[], s: MotionSettings): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    join(dir, 'motion.conf'),
    [
      'daemon off',
      'setup_mode off',
      `log_level ${s.logLevel}`,
      `log_file ${join(dir, 'motion.log')}`,
      `target_dir ${join(dir, 'target')}`,
      // No web control or MJPEG stream servers; no files written.
      'webcontrol_port 0',
      'stream_port 0',
      'picture_output off',
      'movie_output off',
      'snapshot_interval 0',
      `camera_dir ${join(dir, 'conf.d')}`,
      '',
    ].join('\n'),
  );
  cameras.forEach((c, i) => {
    files.set(
      join(dir, 'conf.d', `${c.id}.conf`),
      [
        `camera_id ${i + 1}`,
        `camera_name ${c.id}`,
        `netcam_url ${c.url}`,
        `netcam_params rtsp_transport=tcp,capture_rate=${s.captureRate}`,
        `width ${s.width}`,
        `height ${s.height}`,
        `framerate ${s.fps}`,
        `event_gap ${s.eventGapSeconds}`,
        '',
      ].join('\n'),
    );
  });
  return files;
}

export interface RunningMotion {
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

export async function startMotion(dir: string, cameras: readonly MotionCamera[], s: MotionSettings, binary = 'motion'): Promise<RunningMotion> {
  await mkdir(join(dir, 'conf.d'), { recursive: true });
  await mkdir(join(dir, 'target'), { recursive: true });
  for (const [file, text] of motionConfigFiles(dir, cameras, s)) await writeFile(file, text, { mode: 0o600 });
  const child = spawn(binary, ['-n', '-c', join(dir, 'motion.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    child,
    logFile: join(dir, 'motion.log'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (child.exitCode !== 0) process.stderr.write(`motion exited early (${child.exitCode ?? child.signalCode}): ${stderr}\n`);
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface MotionLogSummary {
  /** `Motion detected - starting event N` lines, by camera. */
  readonly eventsStarted: Record<string, number>;
  /** Cameras that logged `Camera (<name>) connected`. */
  readonly connected: number;
  /** Reconnects, lost connections, errors (ERR and worse) by camera. */
  readonly problems: number;
  /** A few problem lines, for the report. */
  readonly problemLines: string[];
}

const LOG_TIME = /\[(\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})\]/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The local time of a log line, epoch ms (motion logs local time to the second, no year). */
export function motionLineTime(line: string, year = new Date().getFullYear()): number | undefined {
  const m = LOG_TIME.exec(line);
  if (!m) return undefined;
  return new Date(year, MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
}

/**
 * Reads motion's log between two instants (epoch ms, inclusive to the
 * second). Thread labels look like `[1:ml1:cam-1]`; the camera is the part
 * after the second colon.
 */
export async function summariseMotionLog(logFile: string, fromMs: number, toMs: number): Promise<MotionLogSummary> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const eventsStarted: Record<string, number> = {};
  const connected = new Set<string>();
  let problems = 0;
  const problemLines: string[] = [];
  for (const line of text.split('\n')) {
    const camera = /^\[\d+:[a-z]+\d*:([^\]]+)\]/.exec(line)?.[1];
    if (/Camera \(.*\) connected/.test(line) && camera) connected.add(camera);
    const at = motionLineTime(line);
    if (at === undefined || at < Math.floor(fromMs / 1000) * 1000 || at > toMs) continue;
    if (/Motion detected - starting event/.test(line) && camera) eventsStarted[camera] = (eventsStarted[camera] ?? 0) + 1;
    if (/\[(EMG|ALR|CRT|ERR)\]|Reconnecting|lost/i.test(line)) {
      problems++;
      if (problemLines.length < 5) problemLines.push(line.trim());
    }
  }
  return { eventsStarted, connected: connected.size, problems, problemLines };
}
