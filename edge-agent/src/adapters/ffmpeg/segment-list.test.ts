import { describe, expect, it } from 'vitest';
import { parseSegmentListLine } from './segment-list.js';

describe('parseSegmentListLine', () => {
  it('reads file, start and end of a finished segment', () => {
    expect(parseSegmentListLine('r1-000002.ts,9.600000,14.400000\n')).toEqual({ file: 'r1-000002.ts', startSec: 9.6, endSec: 14.4 });
  });

  it('reads a quoted file name with a comma and doubled quotes', () => {
    expect(parseSegmentListLine('"a,""b"".ts",0.000000,4.000000')).toEqual({ file: 'a,"b".ts', startSec: 0, endSec: 4 });
  });

  it('rejects lines that are not segment entries', () => {
    for (const line of ['', 'garbage', 'f.ts,1', 'f.ts,a,b', 'f.ts,5,4', 'f.ts,1,2,3']) {
      expect(parseSegmentListLine(line)).toBeUndefined();
    }
  });
});
