import { GAP_TOLERANCE_MS, isGap } from './recording-timeline.js';

/** One media segment as the playlist writers see it. Times are epoch ms. */
export interface PlaylistEntry {
  readonly uri: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface VodPlaylistOptions {
  /** Spans further apart than this are marked EXT-X-DISCONTINUITY. */
  readonly gapToleranceMs?: number;
}

export interface LivePlaylistOptions extends VodPlaylistOptions {
  /** Sequence number of the first entry (EXT-X-MEDIA-SEQUENCE). */
  readonly mediaSequence: number;
  /** Discontinuities that lie before the first entry (EXT-X-DISCONTINUITY-SEQUENCE). */
  readonly discontinuitySequence: number;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function targetDuration(entries: readonly PlaylistEntry[]): number {
  // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer must be <= the target duration.
  let max = 1;
  for (const e of entries) max = Math.max(max, Math.round((e.endsAt - e.startsAt) / 1000));
  return max;
}

function mediaLines(entries: readonly PlaylistEntry[], toleranceMs: number): string[] {
  const lines: string[] = [];
  let prev: PlaylistEntry | undefined;
  for (const e of entries) {
    if (prev && isGap(prev, e, toleranceMs)) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(e.startsAt).toISOString()}`);
    lines.push(`#EXTINF:${seconds(e.endsAt - e.startsAt)},`);
    lines.push(e.uri);
    prev = e;
  }
  return lines;
}

/** HLS VOD playlist over time-ordered entries, with EXT-X-DISCONTINUITY at recording gaps. */
export function writeVodPlaylist(entries: readonly PlaylistEntry[], options: VodPlaylistOptions = {}): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-TARGETDURATION:${targetDuration(entries)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...mediaLines(entries, options.gapToleranceMs ?? GAP_TOLERANCE_MS),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** HLS live playlist: a sliding window over the newest entries, no ENDLIST. */
export function writeLivePlaylist(entries: readonly PlaylistEntry[], options: LivePlaylistOptions): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-TARGETDURATION:${targetDuration(entries)}`,
    `#EXT-X-MEDIA-SEQUENCE:${options.mediaSequence}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${options.discontinuitySequence}`,
    ...mediaLines(entries, options.gapToleranceMs ?? GAP_TOLERANCE_MS),
    '',
  ].join('\n');
}
