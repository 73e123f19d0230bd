import { describe, expect, it } from 'vitest';
import { writeLivePlaylist, writeVodPlaylist, type PlaylistEntry } from './hls-playlist.js';

const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);
const entry = (startS: number, endS: number): PlaylistEntry => ({ uri: `/api/media/s${startS}.ts`, startsAt: T0 + startS * 1000, endsAt: T0 + endS * 1000 });

describe('writeVodPlaylist', () => {
  const playlist = writeVodPlaylist([entry(0, 4), entry(4, 8.2), entry(30, 34), entry(34, 38)]);
  const lines = playlist.trim().split('\n');

  it('is a complete VOD playlist', () => {
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(lines.at(-1)).toBe('#EXT-X-ENDLIST');
  });

  it('dates every segment with EXT-X-PROGRAM-DATE-TIME and gives exact durations', () => {
    expect(lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'))).toEqual([
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T05:00:00.000Z',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T05:00:04.000Z',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T05:00:30.000Z',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T05:00:34.000Z',
    ]);
    expect(lines.filter((l) => l.startsWith('#EXTINF:'))).toEqual(['#EXTINF:4.000,', '#EXTINF:4.200,', '#EXTINF:4.000,', '#EXTINF:4.000,']);
  });

  it('marks a discontinuity exactly where the recording has a gap', () => {
    const disc = lines.indexOf('#EXT-X-DISCONTINUITY');
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    expect(lines[disc - 1]).toBe('/api/media/s4.ts');
    expect(lines[disc + 3]).toBe('/api/media/s30.ts');
  });

  it('sets the target duration to the longest rounded segment', () => {
    expect(writeVodPlaylist([entry(0, 4), entry(4, 10.6)])).toContain('#EXT-X-TARGETDURATION:7');
  });

  it('tolerates jitter below the gap tolerance', () => {
    expect(writeVodPlaylist([entry(0, 4), entry(4.3, 8)])).not.toContain('DISCONTINUITY');
    expect(writeVodPlaylist([entry(0, 4), entry(4.3, 8)], { gapToleranceMs: 100 })).toContain('#EXT-X-DISCONTINUITY');
  });
});

describe('writeLivePlaylist', () => {
  it('carries the window sequence numbers and no end tag', () => {
    const live = writeLivePlaylist([entry(0, 4), entry(4, 8)], { mediaSequence: 41, discontinuitySequence: 3 });
    expect(live).toContain('#EXT-X-MEDIA-SEQUENCE:41\n');
    expect(live).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:3\n');
    expect(live).not.toContain('ENDLIST');
    expect(live).not.toContain('PLAYLIST-TYPE');
  });
});
