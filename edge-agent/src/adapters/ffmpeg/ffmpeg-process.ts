import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { redactArgs, redactCredentials } from '@argus/core';
import { delay, stopChild, trackChild, type Logger, type Service } from '@argus/runtime';
import { backoffDelay, type BackoffPolicy } from '../../core/backoff.js';
import { ProgressReader, type FfmpegProgress } from './progress.js';

/**
 * ffmpeg processes: the only place in the edge agent that spawns one. A
 * supervised ffmpeg (`FfmpegProcess`: recorder, frame decoder, live push)
 * and a one-shot run (`runFfmpegOnce`: snapshot, duration probe).
 *
 * The supervisor restarts ffmpeg when it exits, with exponential backoff and
 * jitter, and kills it when it stops making progress (no stdout output and
 * no advancing `-progress` block for `stallTimeoutMs`; a hung RTSP socket
 * never exits by itself). The owner sees stdout (as lines, or as raw bytes),
 * progress and run boundaries through callbacks.
 */
export interface FfmpegProcessOptions {
  readonly ffmpegPath: string;
  /** Arguments of the next run; called once per run so each can name its files. */
  readonly args: (run: number) => readonly string[];
  /**
   * stdout as text lines (recorder: one line per finished segment). Exactly
   * one of onStdoutLine / onStdoutData is given.
   */
  readonly onStdoutLine?: (line: string, run: number) => void;
  /**
   * stdout as raw bytes (frame decoder: fixed-size pictures). Every chunk
   * feeds the watchdog, so a decoder whose frames stop is killed as stalled.
   */
  readonly onStdoutData?: (chunk: Buffer, run: number) => void;
  readonly onRunStart?: (run: number) => void;
  readonly onRunEnd?: (run: number, reason: RunEndReason) => void;
  /**
   * When set, stderr lines of `-progress pipe:2` blocks are read as progress
   * (not logged): a block whose media time advanced feeds the watchdog, so a
   * stall is seen within `stallTimeoutMs` whatever the segment length.
   */
  readonly onProgress?: (progress: FfmpegProgress, run: number) => void;
  /**
   * When set, ffmpeg gets one more pipe per entry (fd 3, 4, …: `pipe:3`,
   * `pipe:4` in its arguments) and each one's bytes come to its entry. They
   * are always read, so a slow consumer can never block ffmpeg (and with it
   * the recording) on a full pipe.
   */
  readonly sideOutputs?: ReadonlyArray<(chunk: Buffer, run: number) => void>;
  /**
   * When set, ffmpeg's stdin is a pipe (`pipe:0` in its arguments) handed to
   * this at each run's start; the function it returns is called when the run
   * ends. Write errors (ffmpeg gone) are swallowed: 'close' reports the end.
   */
  readonly stdin?: (input: Writable, run: number) => () => void;
  /** No stdout line for this long → the run is killed as stalled (ms). */
  readonly stallTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  /** A run that lasted this long resets the backoff (ms). */
  readonly healthyRunMs: number;
  readonly logger: Logger;
  /** Grace between SIGTERM and SIGKILL on stop (ms); SIGTERM lets ffmpeg close the open segment. */
  readonly stopGraceMs?: number;
}

export type RunEndReason =
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly lastErrors: readonly string[] }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'spawn-failed'; readonly message: string }
  | { readonly kind: 'stopped' };

const STDERR_TAIL_LINES = 8;

export class FfmpegProcess implements Service {
  private readonly options: FfmpegProcessOptions;
  private child: ChildProcess | undefined;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(options: FfmpegProcessOptions) {
    this.options = options;
  }

  start(): Promise<void> {
    this.loop ??= this.superviseLoop();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    const child = this.child;
    if (child) await stopChild(child, this.options.stopGraceMs ?? 5000);
    await this.loop;
  }

  private async superviseLoop(): Promise<void> {
    const { logger, backoff, healthyRunMs } = this.options;
    let failures = 0;
    for (let run = 1; !this.abort.signal.aborted; run++) {
      const startedAt = Date.now();
      const reason = await this.runOnce(run);
      this.options.onRunEnd?.(run, reason);
      if (this.abort.signal.aborted) break;
      failures = Date.now() - startedAt >= healthyRunMs ? 1 : failures + 1;
      const pause = backoffDelay(failures, backoff);
      logger.warn({ run, reason: describe(reason), restartInMs: pause }, 'ffmpeg run ended; restarting');
      await delay(pause, this.abort.signal);
    }
  }

  private runOnce(run: number): Promise<RunEndReason> {
    const { ffmpegPath, logger, stallTimeoutMs } = this.options;
    const args = [...this.options.args(run)];
    logger.debug({ run, args: redactArgs(args) }, 'starting ffmpeg');
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        // Own process group: a terminal's Ctrl-C reaches the agent only, which
        // then stops ffmpeg itself and still uploads the segment it closes.
        const stdio: Array<'ignore' | 'pipe'> = [this.options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(this.options.sideOutputs ?? []).map(() => 'pipe' as const)];
        child = spawn(ffmpegPath, args, { stdio, detached: true });
      } catch (err) {
        resolve({ kind: 'spawn-failed', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      this.child = child;
      trackChild(child);
      this.options.onRunStart?.(run);
      let detachStdin: (() => void) | undefined;
      if (this.options.stdin && child.stdin) {
        child.stdin.on('error', (err) => logger.debug({ run, err: err.message }, 'ffmpeg stdin error'));
        detachStdin = this.options.stdin(child.stdin, run);
      }

      let stalled = false;
      let spawnError: string | undefined;
      const tail: string[] = [];
      const watchdog = setTimeout(onStall, stallTimeoutMs);
      function onStall(): void {
        stalled = true;
        logger.warn({ run, stallTimeoutMs }, 'no progress from ffmpeg; killing it');
        child.kill('SIGKILL');
      }

      (this.options.sideOutputs ?? []).forEach((onSideOutput, i) => {
        const side = child.stdio[3 + i];
        if (!side) return;
        side.on('data', (chunk: Buffer) => onSideOutput(chunk, run));
        // A pipe error only comes with ffmpeg's end, which 'close' reports; unhandled, it would crash the agent.
        side.on('error', (err) => logger.debug({ run, fd: 3 + i, err: err.message }, 'ffmpeg side pipe error'));
      });
      const { onStdoutLine, onStdoutData } = this.options;
      if (onStdoutData) {
        // Called for every chunk of every frame: refresh() re-arms the timer without allocating a new one.
        child.stdout!.on('data', (chunk: Buffer) => {
          watchdog.refresh();
          onStdoutData(chunk, run);
        });
      } else {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          watchdog.refresh();
          onStdoutLine?.(line, run);
        });
      }
      const progress = new ProgressReader();
      let lastOutTimeUs = -1;
      createInterface({ input: child.stderr! }).on('line', (raw) => {
        if (this.options.onProgress && /^[a-z0-9_]+=/.test(raw)) {
          const report = progress.push(raw);
          if (!report) return;
          if (report.outTimeUs > lastOutTimeUs) {
            lastOutTimeUs = report.outTimeUs;
            watchdog.refresh();
          }
          this.options.onProgress(report, run);
          return;
        }
        const line = redactCredentials(raw);
        logger.debug({ run, stderr: line }, 'ffmpeg');
        tail.push(line);
        if (tail.length > STDERR_TAIL_LINES) tail.shift();
      });
      child.once('error', (err) => {
        spawnError = err.message;
      });
      child.once('close', (code, signal) => {
        clearTimeout(watchdog);
        detachStdin?.();
        this.child = undefined;
        if (this.abort.signal.aborted) resolve({ kind: 'stopped' });
        else if (spawnError !== undefined) resolve({ kind: 'spawn-failed', message: redactCredentials(spawnError) });
        else if (stalled) resolve({ kind: 'stalled' });
        else resolve({ kind: 'exit', code, signal, lastErrors: tail });
      });
    });
  }
}

function describe(reason: RunEndReason): string {
  switch (reason.kind) {
    case 'exit':
      return `exited (code ${reason.code ?? '-'}, signal ${reason.signal ?? '-'}): ${reason.lastErrors.slice(-2).join(' | ') || 'no error output'}`;
    case 'stalled':
      return 'stalled';
    case 'spawn-failed':
      return `could not start ffmpeg: ${reason.message}`;
    case 'stopped':
      return 'stopped';
  }
}

/** What a one-shot ffmpeg left behind. */
export interface FfmpegOnceResult {
  /** Exit code; null when killed (timeout), -1 when it could not be spawned. */
  readonly code: number | null;
  /** Everything it wrote to stdout, up to `maxStdoutBytes`. */
  readonly stdout: Buffer;
  /** The end of its stderr (at most 4000 characters), credentials redacted. */
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs ffmpeg once to completion (a snapshot grab, a duration probe): stdout
 * collected as bytes, stderr's tail kept for the error message, killed
 * after `timeoutMs`. Never throws; the caller reads the result.
 */
export async function runFfmpegOnce(
  ffmpegPath: string,
  args: readonly string[],
  options: { readonly timeoutMs: number; readonly maxStdoutBytes?: number },
): Promise<FfmpegOnceResult> {
  const maxStdoutBytes = options.maxStdoutBytes ?? 16 * 1024 ** 2;
  let child: ChildProcess;
  try {
    child = spawn(ffmpegPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return { code: -1, stdout: Buffer.alloc(0), stderr: redactCredentials(err instanceof Error ? err.message : String(err)), timedOut: false };
  }
  trackChild(child);
  const out: Buffer[] = [];
  let outBytes = 0;
  let err = '';
  let timedOut = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (outBytes >= maxStdoutBytes) return;
    out.push(chunk);
    outBytes += chunk.length;
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 1000);
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (e) => {
      err = (err + e.message).slice(-4000);
      resolve(-1);
    });
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  return { code, stdout: Buffer.concat(out), stderr: redactCredentials(err.trim()), timedOut };
}
