import { describe, expect, it } from 'vitest';
import { redactArgs } from '@argus/core';
import { buildLivePushArgs } from './live-push-args.js';

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
});
