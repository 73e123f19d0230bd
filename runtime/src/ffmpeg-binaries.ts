import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface FfmpegBinaries {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** `system` when found on PATH (or named by FFMPEG_PATH), `bundled` for the static build shipped in npm. */
  readonly source: 'system' | 'bundled';
}

function runs(path: string): boolean {
  try {
    execFileSync(path, ['-version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    // Not installed, or not executable: the caller falls back to the bundled build.
    return false;
  }
}

let cached: FfmpegBinaries | undefined;

/**
 * ffmpeg and ffprobe to use: FFMPEG_PATH / FFPROBE_PATH, else the system's,
 * else the static builds that ship inside npm packages (for fresh machines).
 */
export function ffmpegBinaries(): FfmpegBinaries {
  if (cached) return cached;
  const envFfmpeg = process.env.FFMPEG_PATH;
  const envFfprobe = process.env.FFPROBE_PATH;
  if (envFfmpeg && envFfprobe) {
    cached = { ffmpeg: envFfmpeg, ffprobe: envFfprobe, source: 'system' };
  } else if (runs('ffmpeg') && runs('ffprobe')) {
    cached = { ffmpeg: envFfmpeg ?? 'ffmpeg', ffprobe: envFfprobe ?? 'ffprobe', source: 'system' };
  } else {
    const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
    cached = { ffmpeg: envFfmpeg ?? ffmpeg, ffprobe: envFfprobe ?? ffprobe, source: 'bundled' };
  }
  return cached;
}
