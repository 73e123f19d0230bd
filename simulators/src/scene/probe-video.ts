import { isArgusError } from '@argus/core';
import { ffmpegBinaries } from '@argus/runtime';
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

export async function probeVideo(file: string): Promise<VideoProbe> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate,avg_frame_rate', '-of', 'json', file];
  try {
    const { stdout } = await runTool(ffmpegBinaries().ffprobe, args, PROBE_TIMEOUT_MS);
    return parseProbeJson(stdout, file);
  } catch (err) {
    if (isArgusError(err)) throw err;
    throw simError(SIM_ERRORS.sceneProbe, `cannot probe ${file}`, err);
  }
}
