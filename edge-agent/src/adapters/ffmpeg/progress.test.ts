import { describe, expect, it } from 'vitest';
import { isProgressLine, ProgressReader } from './progress.js';

describe('ProgressReader', () => {
  it('reports frame, fps and media time when a block closes', () => {
    const reader = new ProgressReader();
    const lines = ['frame=14', 'fps=13.97', 'stream_0_0_q=-1.0', 'bitrate=N/A', 'out_time_us=1040011', 'out_time=00:00:01.040011', 'speed=1.04x'];
    for (const l of lines) expect(reader.push(l)).toBeUndefined();
    expect(reader.push('progress=continue')).toEqual({ frame: 14, fps: 13.97, outTimeUs: 1040011, end: false });
    expect(reader.push('progress=end')).toEqual({ frame: 0, fps: 0, outTimeUs: 0, end: true });
  });

  it('tells progress lines from log lines', () => {
    expect(isProgressLine('out_time_us=11')).toBe(true);
    expect(isProgressLine('[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized')).toBe(false);
    expect(isProgressLine('rtsp://***:***@127.0.0.1:1/x: Connection refused')).toBe(false);
  });
});
