import { isArgusError } from '@argus/core';
import { ffmpegBinaries, ProcessFailedError } from '@argus/runtime';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { runTool } from './ffmpeg-process.js';
import type { FrameRate } from './scene-frames.js';

export interface VideoProbe {
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
}

const PROBE_TIMEOUT_MS = 30_000;
const FALLBACK_FPS: FrameRate = { num: 25, den: 1 }; // used when a file declares no usable rate

/** Parses ffprobe's "num/den" rate; undefined unless it is a plausible camera rate (1..120 fps). */
export function parseRate(text: string | undefined): FrameRate | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return undefined;
  const num = Number(m[1]);
  const den = Number(m[2]);
  if (!(num > 0 && den > 0) || num / den < 1 || num / den > 120) return undefined;
  return { num, den };
}

interface ProbeJson {
  streams?: Array<{ width?: unknown; height?: unknown; r_frame_rate?: unknown; avg_frame_rate?: unknown }>;
}

/** Picks size and rate from `ffprobe -show_streams -of json` output (pure, for tests). */
export function parseProbeJson(json: string, file: string): VideoProbe {
  let parsed: ProbeJson;
  try {
    parsed = JSON.parse(json) as ProbeJson;
  } catch (err) {
    throw simError(SIM_ERRORS.sceneProbe, `ffprobe printed no JSON for ${file}`, err);
  }
  const stream = parsed.streams?.[0];
  const width = typeof stream?.width === 'number' ? stream.width : 0;
  const height = typeof stream?.height === 'number' ? stream.height : 0;
  if (!(width > 0 && height > 0)) throw simError(SIM_ERRORS.sceneProbe, `${file} has no video stream`);
  // r_frame_rate is the container's base rate; prefer it, since avg_frame_rate
  // of a GIF or a VFR file is an odd fraction (145/12) a camera would never send.
  const rStr = typeof stream?.r_frame_rate === 'string' ? stream.r_frame_rate : undefined;
  const avgStr = typeof stream?.avg_frame_rate === 'string' ? stream.avg_frame_rate : undefined;
  const fps = parseRate(rStr) ?? parseRate(avgStr) ?? FALLBACK_FPS;
  return { width, height, fps };
}

/** A decimal rate as ffmpeg prints it (`12.50`, `29.97`) as the fraction a camera would send. */
export function rateFromDecimal(fps: number): FrameRate | undefined {
  if (!(fps >= 1 && fps <= 120)) return undefined;
  if (Math.abs(fps - Math.round(fps)) < 0.005) return { num: Math.round(fps), den: 1 };
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(fps - ntsc / 1.001) < 0.005) return { num: ntsc * 1000, den: 1001 };
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const num = Math.round(fps * 100);
  const d = gcd(num, 100);
  return { num: num / d, den: 100 / d };
}

/**
 * Picks size and rate from what `ffmpeg -i <file>` prints about its input
 * (pure, for tests): the first `Stream #0:N…: Video:` line, e.g.
 * `Video: h264 (Baseline) (avc1 / 0x31637661), yuv420p(tv), 768x432, 614 kb/s, 12.50 fps, 12.50 tbr`.
 */
export function parseFfmpegInputInfo(stderr: string, file: string): VideoProbe {
  const line = stderr.split('\n').find((l) => /Stream #\d+:\d+.*: Video: /.test(l));
  const size = line ? /[ ,](\d{2,5})x(\d{2,5})[ ,]/.exec(`${line} `) : null;
  if (!line || !size) throw simError(SIM_ERRORS.sceneProbe, `${file} has no video stream`);
  const fps = /(\d+(?:\.\d+)?) fps/.exec(line) ?? /(\d+(?:\.\d+)?) tbr/.exec(line);
  return { width: Number(size[1]), height: Number(size[2]), fps: (fps && rateFromDecimal(Number(fps[1]))) || FALLBACK_FPS };
}

/** Size and frame rate of a video file: through ffprobe when the system has it, else from `ffmpeg -i`. */
export async function probeVideo(file: string): Promise<VideoProbe> {
  const { ffmpeg, ffprobe } = ffmpegBinaries();
  try {
    if (ffprobe) {
      const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate,avg_frame_rate', '-of', 'json', file];
      const { stdout } = await runTool(ffprobe, args, PROBE_TIMEOUT_MS);
      return parseProbeJson(stdout, file);
    }
    // Given an input and no output, ffmpeg prints the input's streams and exits 1 by design.
    const stderr = await runTool(ffmpeg, ['-hide_banner', '-nostdin', '-i', file], PROBE_TIMEOUT_MS).then(
      (r) => r.stderr,
      (err: unknown) => {
        if (err instanceof ProcessFailedError) return err.stderr;
        throw err;
      },
    );
    return parseFfmpegInputInfo(stderr, file);
  } catch (err) {
    if (isArgusError(err)) throw err;
    throw simError(SIM_ERRORS.sceneProbe, `cannot probe ${file}`, err);
  }
}
