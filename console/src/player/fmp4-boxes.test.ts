import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '@argus/runtime';
import { codecOfInit, stampsOfFragment, timescaleOfInit } from './fmp4-boxes.js';

const execFileAsync = promisify(execFile);

describe('fMP4 boxes for the low-latency player', () => {
  let mp4: Buffer;
  beforeAll(async () => {
    ({ stdout: mp4 } = await execFileAsync(ffmpegBinaries().ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-g', '10', '-pix_fmt', 'yuv420p',
      '-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_keyframe', 'pipe:1',
    ], { encoding: 'buffer', timeout: 20_000 }));
  }, 30_000);

  const ab = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
  const moofAt = () => mp4.indexOf('moof') - 4;

  it('reads the codec string and timescale from the init segment', () => {
    const init = ab(mp4.subarray(0, moofAt()));
    expect(codecOfInit(init)).toMatch(/^avc1\.42c0[0-9a-f]{2}$/);
    expect(timescaleOfInit(init)).toBeGreaterThan(0);
  });

  it('finds no stamp in an unstamped fragment (x264 writes its own SEI, not ours)', () => {
    expect(stampsOfFragment(ab(mp4.subarray(moofAt())), 10_240)).toEqual([]);
  });
});
