/**
 * ffmpeg's `-progress` output: blocks of `key=value` lines, each closed by
 * `progress=continue` (or `end`). The recorder reads it from stderr to know
 * the stream is moving (the stall watchdog) and at what frame rate.
 */
export interface FfmpegProgress {
  /** Frames written so far in this run. */
  readonly frame: number;
  /** Average frames per second of the run, as ffmpeg reports it. */
  readonly fps: number;
  /** Media time written so far (µs); it stops advancing when the stream freezes. */
  readonly outTimeUs: number;
  readonly end: boolean;
}

const KEY_VALUE = /^([a-z0-9_]+)=(.*)$/;

/** Whether a stderr line belongs to a progress block rather than to ffmpeg's log. */
export function isProgressLine(line: string): boolean {
  return KEY_VALUE.test(line.trim());
}

/** Collects progress lines; returns a report when a block closes. */
export class ProgressReader {
  private fields = new Map<string, string>();

  push(line: string): FfmpegProgress | undefined {
    const match = KEY_VALUE.exec(line.trim());
    if (!match) return undefined;
    const [, key, value] = match as unknown as [string, string, string];
    if (key !== 'progress') {
      this.fields.set(key, value);
      return undefined;
    }
    const num = (k: string): number => {
      const v = Number(this.fields.get(k));
      return Number.isFinite(v) ? v : 0;
    };
    const report = { frame: num('frame'), fps: num('fps'), outTimeUs: num('out_time_us'), end: value === 'end' };
    this.fields = new Map();
    return report;
  }
}
