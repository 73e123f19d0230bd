import { execFile } from 'node:child_process';
import { redactArgs } from '@argus/core';
import { ProcessFailedError } from '@argus/runtime';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs ffmpeg or ffprobe to completion (where argus-sim spawns; raw frames
 * are read by @argus/runtime's readRawFrames, shared with models/eval).
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
