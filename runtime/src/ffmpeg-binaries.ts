import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface FfmpegBinaries {
  readonly ffmpeg: string;
  /**
   * ffprobe when the system has one (or FFPROBE_PATH names it). Product code
   * must work without it: the static ffprobe builds on npm crash on some
   * kernels, so none is bundled, and `ffmpeg -i` answers the same questions.
   */
  readonly ffprobe: string | undefined;
  /** `system` when found on PATH (or named by FFMPEG_PATH), `bundled` for the static build shipped in npm. */
  readonly source: 'system' | 'bundled';
}

function runs(path: string): boolean {
  try {
    execFileSync(path, ['-version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    // Not installed, or not executable: the caller falls back.
    return false;
  }
}

let cached: FfmpegBinaries | undefined;

/**
 * ffmpeg and ffprobe to use: FFMPEG_PATH / FFPROBE_PATH, else the system's,
 * else (ffmpeg only) the static build that ships inside an npm package, for
 * fresh machines.
 */
export function ffmpegBinaries(): FfmpegBinaries {
  if (cached) return cached;
  const envFfmpeg = process.env.FFMPEG_PATH || undefined;
  const ffprobe = process.env.FFPROBE_PATH || (runs('ffprobe') ? 'ffprobe' : undefined);
  if (envFfmpeg) cached = { ffmpeg: envFfmpeg, ffprobe, source: 'system' };
  else if (runs('ffmpeg')) cached = { ffmpeg: 'ffmpeg', ffprobe, source: 'system' };
  else cached = { ffmpeg: (require('@ffmpeg-installer/ffmpeg') as { path: string }).path, ffprobe, source: 'bundled' };
  return cached;
}
