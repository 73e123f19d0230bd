import { runFfmpegOnce } from './ffmpeg-process.js';
import { ProgressReader } from './progress.js';

/** Pure: ffmpeg arguments that copy a local file's first video track to the null muxer, reporting progress on stdout. */
export function buildProbeDurationArgs(file: string): string[] {
  return ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'];
}

/** Pure: the media duration (ms) in the last progress block that counted frames; undefined without one. */
export function durationFromProgress(stdout: string): number | undefined {
  const reader = new ProgressReader();
  let last: number | undefined;
  for (const line of stdout.split('\n')) {
    const report = reader.push(line);
    if (report && report.frame > 0) last = report.outTimeUs / 1000;
  }
  return last !== undefined && last > 0 ? Math.round(last) : undefined;
}

/**
 * Media duration of a local MPEG-TS file (ms), read by copying it to ffmpeg's
 * null muxer: works without ffprobe (not always installed) and on a file
 * whose end was cut by a killed ffmpeg. Undefined when ffmpeg finds no
 * video in it.
 */
export async function probeDurationMs(ffmpegPath: string, file: string, timeoutMs = 20_000): Promise<number | undefined> {
  // An error exit still may have read most of a truncated file: trust the last progress block.
  const { stdout } = await runFfmpegOnce(ffmpegPath, buildProbeDurationArgs(file), { timeoutMs, maxStdoutBytes: 4 * 1024 ** 2 });
  return durationFromProgress(stdout.toString());
}
