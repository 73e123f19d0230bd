import { spawn } from 'node:child_process';
import { redactArgs } from '@argus/core';
import { FrameReader } from './frame-reader.js';

/** A tool (ffmpeg, ffprobe) that failed, timed out or could not start; `stderr` is what it printed. */
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
 * Runs ffmpeg to completion with raw video on stdout (a file decoded for
 * ground truth or evaluation, not a supervised stream) and hands it over one
 * frame (`frameBytes` bytes) at a time through FrameReader, without holding
 * the whole output in memory. The frame passed to `onFrame` is only valid
 * during the call. Resolves with the number of frames; rejects when ffmpeg
 * fails, leaves a partial frame, or runs longer than `timeoutMs` (it is
 * then killed). An error thrown by `onFrame` stops ffmpeg and rejects with
 * that error.
 */
export function readRawFrames(
  binary: string,
  args: readonly string[],
  frameBytes: number,
  onFrame: (frame: Uint8Array, index: number) => void,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let failure: unknown;
    const reader = new FrameReader(frameBytes, (frame) => {
      // After a consumer error the rest of the pipe is dropped, not handed on.
      if (failure !== undefined) return;
      try {
        onFrame(frame, count++);
      } catch (err) {
        // A consumer error ends the run: keep it, stop ffmpeg, report it on close.
        failure = err;
        child.kill('SIGKILL');
      }
    });
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure === undefined) reader.push(chunk);
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
      if (reader.partialBytes !== 0) return reject(new ProcessFailedError(`${binary} ended inside a frame (${reader.partialBytes} of ${frameBytes} bytes)`, stderr));
      resolve(count);
    });
  });
}
