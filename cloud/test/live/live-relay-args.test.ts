import { describe, expect, it } from 'vitest';
import { buildRelayArgs, LIVE_FRAGMENT_US } from '../../src/live/live-relay.js';

describe('relay ffmpeg arguments', () => {
  const args = buildRelayArgs({ listenUrl: 'rtmp://127.0.0.1:1935/live/cam-1', dir: '/data/live/default/cam-1' });

  it('copies the push, never re-encodes, and skips input probing', () => {
    expect(args.filter((a) => a === 'copy')).toHaveLength(2);
    expect(args).not.toContain('libx264');
    expect(args.slice(args.indexOf('-analyzeduration'), args.indexOf('-analyzeduration') + 4)).toEqual(['-analyzeduration', '0', '-probesize', '32']);
    expect(args.indexOf('-analyzeduration')).toBeLessThan(args.indexOf('-i'));
  });

  it('writes HLS into the session folder and fragmented MP4 with short fragments to stdout, flushed per packet', () => {
    expect(args).toContain('/data/live/default/cam-1/index.m3u8');
    const mp4 = args.slice(args.lastIndexOf('-f'));
    expect(mp4).toEqual(['-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_keyframe', '-frag_duration', String(LIVE_FRAGMENT_US), '-flush_packets', '1', 'pipe:1']);
  });
});
