import { describe, expect, it } from 'vitest';
import { redactArgs } from '@argus/core';
import { buildRecordArgs } from './build-args.js';
import { buildLivePushArgs, LIVE_TAP_INPUT } from './live-push-args.js';

describe('buildLivePushArgs', () => {
  const args = buildLivePushArgs({ inputUrl: 'rtsp://admin:pw@10.0.0.5/main', pushUrl: 'rtmp://cloud:1935/live/gate?key=0123abcd' });

  it('copies the video over RTSP/TCP into FLV without re-encoding', () => {
    expect(args.slice(args.indexOf('-rtsp_transport'), args.indexOf('-rtsp_transport') + 2)).toEqual(['-rtsp_transport', 'tcp']);
    expect(args).toContain('copy');
    expect(args.join(' ')).not.toMatch(/libx264|-c:v (?!copy)/);
    expect(args.slice(-3)).toEqual(['-f', 'flv', 'rtmp://cloud:1935/live/gate?key=0123abcd']);
  });

  it('hides both the camera password and the push key once redacted for a log line', () => {
    const logged = redactArgs(args).join(' ');
    expect(logged).not.toContain('pw');
    expect(logged).not.toContain('0123abcd');
  });

  it('reads MPEG-TS from stdin when fed from a live tap, with no RTSP options', () => {
    const tapped = buildLivePushArgs({ inputUrl: LIVE_TAP_INPUT, pushUrl: 'rtmp://cloud:1935/live/gate?key=0123abcd' });
    expect(tapped.slice(tapped.indexOf('-i') - 6, tapped.indexOf('-i') + 2)).toEqual(['-f', 'mpegts', '-analyzeduration', '500000', '-probesize', '2000000', '-i', 'pipe:0']);
    expect(tapped).not.toContain('-rtsp_transport');
    expect(tapped.slice(-3)).toEqual(['-f', 'flv', 'rtmp://cloud:1935/live/gate?key=0123abcd']);
  });

  it('matches the recorder\'s tap: the recorder copies the video as unbuffered MPEG-TS on the tap\'s pipe', () => {
    const record = buildRecordArgs({ inputUrl: 'rtsp://cam/main', segmentSeconds: 4, outputPattern: '/spool/x-%06d.ts', liveTap: { fd: 3 } });
    expect(record.slice(-9)).toEqual(['-map', '0:v:0', '-c', 'copy', '-flush_packets', '1', '-f', 'mpegts', 'pipe:3']);
  });
});
