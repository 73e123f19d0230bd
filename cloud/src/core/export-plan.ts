import { EVIDENCE_MAX_RANGE_HOURS } from '@argus/contracts';

/**
 * Pure parts of an evidence export: the range check, what the clip covers,
 * the concat demuxer's list and ffmpeg's arguments (tested on the argument
 * list, without ffmpeg).
 */

export const EVIDENCE_MAX_RANGE_MS = EVIDENCE_MAX_RANGE_HOURS * 3_600_000;

/** Why [from, to) cannot be exported, naming the field at fault; undefined when it can. */
export function rangeProblem(from: number, to: number): { field: 'from' | 'to'; message: string } | undefined {
  if (!(from < to)) return { field: 'to', message: `body/to must be after body/from (${new Date(from).toISOString()})` };
  if (to - from > EVIDENCE_MAX_RANGE_MS) return { field: 'to', message: `body/to: an export covers at most ${EVIDENCE_MAX_RANGE_HOURS} h (asked ${((to - from) / 3_600_000).toFixed(2)} h)` };
  return undefined;
}

/** What the clip covers: whole segments, from the first one's start to the last one's end. */
export function coveredRange(segments: ReadonlyArray<{ readonly startsAt: number; readonly endsAt: number }>): { from: number; to: number } {
  if (segments.length === 0) throw new RangeError('no segments');
  return { from: Math.min(...segments.map((s) => s.startsAt)), to: Math.max(...segments.map((s) => s.endsAt)) };
}

/** The concat demuxer's list of local files (quoted as its syntax wants: ' → '\''). */
export function concatList(files: readonly string[]): string {
  return `ffconcat version 1.0\n${files.map((f) => `file '${f.replaceAll("'", "'\\''")}'`).join('\n')}\n`;
}

/**
 * ffmpeg arguments that join the listed MPEG-TS segments into one MP4
 * without re-encoding: the concat demuxer (it shifts each file's timestamps
 * to follow the previous one, so a recording restart inside the range does
 * not break the clip), stream copy of video and any audio, the index at the
 * front (`+faststart`) so players start before the whole file is read.
 */
export function exportClipArgs(listFile: string, outFile: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-i', listFile,
    '-map', '0:v', '-map', '0:a?',
    '-c', 'copy',
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', outFile,
  ];
}
