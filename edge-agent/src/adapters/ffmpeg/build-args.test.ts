import { describe, expect, it } from 'vitest';
import { buildRecordArgs } from './build-args.js';

describe('buildRecordArgs', () => {
  const args = buildRecordArgs({ inputUrl: 'rtsp://u:p@127.0.0.1:8554/cam-1/main', segmentSeconds: 4, outputPattern: '/spool/r1-%06d.ts' });
  const valueOf = (flag: string): string | undefined => args[args.indexOf(flag) + 1];

  it('pulls RTSP over TCP', () => {
    expect(valueOf('-rtsp_transport')).toBe('tcp');
    expect(args.indexOf('-rtsp_transport')).toBeLessThan(args.indexOf('-i'));
    expect(valueOf('-i')).toBe('rtsp://u:p@127.0.0.1:8554/cam-1/main');
  });

  it('copies the streams without re-encoding', () => {
    expect(valueOf('-c')).toBe('copy');
    expect(args).not.toContain('-c:v');
    expect(args).not.toContain('libx264');
  });

  it('cuts MPEG-TS segments of the configured length and lists each finished one on stdout', () => {
    expect(valueOf('-f')).toBe('segment');
    expect(valueOf('-segment_format')).toBe('mpegts');
    expect(valueOf('-segment_time')).toBe('4');
    expect(valueOf('-segment_list')).toBe('pipe:1');
    expect(valueOf('-segment_list_type')).toBe('csv');
    expect(args.at(-1)).toBe('/spool/r1-%06d.ts');
  });

  it('reports progress on stderr once a second for the stall watchdog', () => {
    expect(valueOf('-progress')).toBe('pipe:2');
    expect(valueOf('-stats_period')).toBe('1');
  });

  it('never reads stdin, so a terminal or closed pipe cannot stop a recording', () => {
    expect(args).toContain('-nostdin');
  });
});
