/**
 * One line of ffmpeg's CSV segment list (`-segment_list_type csv`):
 * `filename,start,end` with times in seconds of media time. ffmpeg quotes a
 * filename that contains a comma or a quote, doubling inner quotes.
 */
export interface SegmentListEntry {
  readonly file: string;
  readonly startSec: number;
  readonly endSec: number;
}

export function parseSegmentListLine(line: string): SegmentListEntry | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  let file: string;
  let rest: string;
  if (trimmed.startsWith('"')) {
    const close = trimmed.search(/"(?!")(?=,)/g);
    if (close <= 0) return undefined;
    file = trimmed.slice(1, close).replace(/""/g, '"');
    rest = trimmed.slice(close + 2);
  } else {
    const comma = trimmed.indexOf(',');
    if (comma <= 0) return undefined;
    file = trimmed.slice(0, comma);
    rest = trimmed.slice(comma + 1);
  }
  const [start, end, ...extra] = rest.split(',');
  if (start === undefined || end === undefined || extra.length > 0) return undefined;
  const startSec = Number(start);
  const endSec = Number(end);
  if (!Number.isFinite(startSec) || !Number.isFinite(endSec) || endSec < startSec) return undefined;
  return { file, startSec, endSec };
}
