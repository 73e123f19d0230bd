import { execFile } from 'node:child_process';
import { ProgressReader } from './progress.js';

/**
 * Media duration of a local MPEG-TS file (ms), read by copying it to ffmpeg's
 * null muxer: works without ffprobe (not always installed) and on a file
 * whose end was cut by a killed ffmpeg. Undefined when ffmpeg finds no
 * video in it.
 */
export function probeDurationMs(ffmpegPath: string, file: string, timeoutMs = 20_000): Promise<number | undefined> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'];
  return new Promise((resolve) => {
    execFile(ffmpegPath, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (_err, stdout) => {
      // An error exit still may have read most of a truncated file: trust the last progress block.
      const reader = new ProgressReader();
      let last: number | undefined;
      for (const line of String(stdout).split('\n')) {
        const report = reader.push(line);
        if (report && report.frame > 0) last = report.outTimeUs / 1000;
      }
      resolve(last !== undefined && last > 0 ? Math.round(last) : undefined);
    });
  });
}
