import { describe, expect, it } from 'vitest';
import { concatList, coveredRange, EVIDENCE_MAX_RANGE_MS, exportClipArgs, rangeProblem } from './export-plan.js';

describe('export plan', () => {
  it('accepts a forward range up to the maximum and names `to` otherwise', () => {
    expect(rangeProblem(0, EVIDENCE_MAX_RANGE_MS)).toBeUndefined();
    expect(rangeProblem(10, 10)?.field).toBe('to');
    expect(rangeProblem(10, 5)?.message).toMatch(/after body\/from/);
    expect(rangeProblem(0, EVIDENCE_MAX_RANGE_MS + 1)?.message).toMatch(/at most 24 h/);
  });

  it('covers whole segments', () => {
    expect(coveredRange([{ startsAt: 4000, endsAt: 8000 }, { startsAt: 0, endsAt: 4000 }])).toEqual({ from: 0, to: 8000 });
  });

  it('quotes file names for the concat demuxer', () => {
    expect(concatList(['/tmp/a.ts', "/tmp/it's.ts"])).toBe("ffconcat version 1.0\nfile '/tmp/a.ts'\nfile '/tmp/it'\\''s.ts'\n");
  });

  it('copies video and any audio into a faststart MP4, never re-encoding', () => {
    const args = exportClipArgs('/w/list', '/w/clip.mp4');
    const after = (flag: string): string | undefined => args[args.indexOf(flag) + 1];
    expect(after('-f')).toBe('concat');
    expect(after('-i')).toBe('/w/list');
    expect(after('-c')).toBe('copy');
    expect(args).not.toContain('-c:v');
    expect(after('-movflags')).toBe('+faststart');
    expect(args.at(-1)).toBe('/w/clip.mp4');
  });
});
