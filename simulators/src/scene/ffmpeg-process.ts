import { execFile, spawn } from 'node:child_process';
import { redactArgs } from '@argus/core';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

export class ProcessFailedError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProcessFailedError';
  }
}

/**
 * Runs ffmpeg or ffprobe to completion (the only place argus-sim spawns).
 * The process is killed after `timeoutMs`; stdout and stderr are collected
 * (ffprobe JSON is small, ffmpeg runs with `-loglevel error`).
 */
export function runTool(binary: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const tail = stderr.trim().split('\n').slice(-5).join('\n');
          const why = err.killed ? `timed out after ${timeoutMs} ms` : `failed (${err.code ?? err.signal ?? 'error'})`;
          reject(new ProcessFailedError(`${binary} ${why}: ${redactArgs([tail])[0]} [args: ${redactArgs(args).join(' ')}]`, stderr, { cause: err }));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Runs ffmpeg with raw video on stdout and hands it over one frame
 * (`frameBytes` bytes) at a time, without holding the whole output in
 * memory. The frame passed to `onFrame` is only valid during the call.
 * Resolves with the number of frames; rejects when ffmpeg fails, leaves a
 * partial frame, or runs longer than `timeoutMs` (it is then killed).
 */
export function readRawFrames(
  binary: string,
  args: readonly string[],
  frameBytes: number,
  onFrame: (frame: Uint8Array, index: number) => void,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const frame = Buffer.alloc(frameBytes);
    let filled = 0;
    let count = 0;
    let stderr = '';
    let failure: unknown;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      let offset = 0;
      while (offset < chunk.length && failure === undefined) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        chunk.copy(frame, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          try {
            onFrame(frame, count++);
          } catch (err) {
            // A consumer error ends the run: keep it, stop ffmpeg, report it on close.
            failure = err;
            child.kill('SIGKILL');
          }
          filled = 0;
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new ProcessFailedError(`${binary} could not start: ${err.message}`, stderr, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure !== undefined) return reject(failure instanceof Error ? failure : new Error(String(failure)));
      const tail = redactArgs([stderr.trim().split('\n').slice(-5).join('\n')])[0];
      if (timedOut) return reject(new ProcessFailedError(`${binary} timed out after ${timeoutMs} ms: ${tail}`, stderr));
      if (code !== 0) return reject(new ProcessFailedError(`${binary} failed (${code ?? signal}): ${tail} [args: ${redactArgs(args).join(' ')}]`, stderr));
      if (filled !== 0) return reject(new ProcessFailedError(`${binary} ended inside a frame (${filled} of ${frameBytes} bytes)`, stderr));
      resolve(count);
    });
  });
}
