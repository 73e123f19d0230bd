import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ffmpegBinaries, ProcessFailedError, type Logger } from '@argus/runtime';
import { parseAdts, type AacStream } from '../rtp/aac-adts.js';
import { runTool } from '../scene/ffmpeg-process.js';
import type { SceneInput } from '../scene/scene-spec.js';

const AUDIO_RECIPE_VERSION = 1; // used by prepareAudio: bump to invalidate cached audio
const EXTRACT_TIMEOUT_MS = 2 * 60_000; // a stream copy takes well under a second; this only stops a hung ffmpeg

/** Arguments that copy the first audio track of `input` as ADTS, without re-encoding (pure). */
export function audioExtractArgs(input: string, seconds: number | undefined, output: string): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', input, ...(seconds === undefined ? [] : ['-t', String(seconds)]), '-map', '0:a:0', '-vn', '-c:a', 'copy', '-f', 'adts', output];
}

/** ffmpeg's complaint when the input has no audio track for `-map 0:a:0`. */
function isNoAudio(err: unknown): boolean {
  return err instanceof ProcessFailedError && /matches no streams|does not contain any stream/i.test(err.stderr);
}

/**
 * The scene's AAC audio, for the `main` stream: copied once out of the
 * source file (`-c:a copy -f adts`, no re-encode) into the cache beside the
 * encoded video, keyed by the file's path, size, mtime and cut. A file
 * without audio leaves a `.noaudio` marker so the probe is not repeated.
 * Synthetic scenes have no audio here; non-AAC audio is skipped with a
 * warning (it cannot be copied into ADTS). Returns undefined when there is
 * nothing to serve.
 */
export async function prepareAudio(options: { readonly input: SceneInput; readonly cacheDir: string; readonly log?: Logger }): Promise<AacStream | undefined> {
  const { input, log } = options;
  if (input.kind !== 'file') return undefined;
  const path = resolve(input.path);
  const s = await stat(path);
  const key = createHash('sha256')
    .update(JSON.stringify({ recipe: AUDIO_RECIPE_VERSION, path, size: s.size, mtimeMs: s.mtimeMs, seconds: input.seconds }))
    .digest('hex')
    .slice(0, 32);
  const cacheDir = resolve(options.cacheDir);
  const file = join(cacheDir, `${key}.aac`);
  const marker = join(cacheDir, `${key}.noaudio`);
  if (await exists(marker)) return undefined;
  let data = await readFile(file).catch(() => undefined);
  if (!data) {
    await mkdir(cacheDir, { recursive: true });
    // Unique temporary name renamed into place: concurrent preparers never read a partial file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await runTool(ffmpegBinaries().ffmpeg, audioExtractArgs(path, input.seconds, tmp), EXTRACT_TIMEOUT_MS);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      if (isNoAudio(err)) {
        await writeFile(marker, '');
        return undefined;
      }
      log?.warn({ err, file: path }, 'cannot copy the scene audio as AAC; serving video only');
      return undefined;
    }
    data = await readFile(file);
  }
  try {
    const stream = parseAdts(data);
    log?.info({ file, sampleRate: stream.sampleRate, channels: stream.channels, frames: stream.frames.length }, 'scene audio ready');
    return stream;
  } catch (err) {
    log?.warn({ err, file }, 'cached scene audio is not ADTS; serving video only');
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
