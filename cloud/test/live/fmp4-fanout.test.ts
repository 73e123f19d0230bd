import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '@argus/runtime';
import { BoxSplitter, Fmp4Fanout, moofStartsWithKeyframe } from '../../src/live/fmp4-fanout.js';

const execFileAsync = promisify(execFile);

/** 2 s of 10 fps H.264, a keyframe every 10 frames, fragmented as the relay writes it. */
async function fragmentedMp4(): Promise<Buffer> {
  const { stdout } = await execFileAsync(ffmpegBinaries().ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-bf', '0', '-pix_fmt', 'yuv420p',
    '-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_keyframe', '-frag_duration', '200000', 'pipe:1',
  ], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024, timeout: 20_000 });
  return stdout;
}

const chunked = (bytes: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe('fMP4 fanout', () => {
  let mp4: Buffer;
  beforeAll(async () => { mp4 = await fragmentedMp4(); }, 30_000);

  it('splits top-level boxes whatever the chunking', () => {
    const types = (size: number) => { const s = new BoxSplitter(); return chunked(mp4, size).flatMap((c) => s.push(c)).map((b) => b.type); };
    expect(types(7)).toEqual(types(100_000));
    expect(types(7).slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(types(7).filter((t) => t === 'moof').length).toBeGreaterThanOrEqual(4);
  });

  it('gives a late viewer the init segment and the fragments since the last keyframe, then follows live', () => {
    const fanout = new Fmp4Fanout();
    const chunks = chunked(mp4, 333);
    const half = Math.floor(chunks.length * 0.6);
    for (const c of chunks.slice(0, half)) fanout.push(c);
    expect(fanout.ready).toBe(true);
    const got: Array<{ kind: string; keyframe: boolean; bytes: Buffer }> = [];
    fanout.subscribe({ send: (bytes, kind, keyframe) => got.push({ kind, keyframe, bytes }) });
    expect(got[0]!.kind).toBe('init');
    expect(got[0]!.bytes.toString('latin1', 4, 8)).toBe('ftyp');
    expect(got[1]).toMatchObject({ kind: 'fragment', keyframe: true });
    expect(got.slice(2).every((g) => !g.keyframe)).toBe(true);
    const before = got.length;
    for (const c of chunks.slice(half)) fanout.push(c);
    expect(got.length).toBeGreaterThan(before);
    expect(fanout.bytesIn).toBe(mp4.length);
  });

  it('makes an early viewer wait for the first keyframe fragment, init first', () => {
    const fanout = new Fmp4Fanout();
    const got: string[] = [];
    fanout.subscribe({ send: (bytes, kind, keyframe) => got.push(`${kind}:${keyframe}:${bytes.toString('latin1', 4, 8)}`) });
    for (const c of chunked(mp4, 1000)) fanout.push(c);
    expect(got[0]).toBe('init:false:ftyp');
    expect(got[1]).toBe('fragment:true:moof');
    expect(fanout.viewerCount).toBe(1);
  });

  it('reads sync samples from the moof', () => {
    const boxes = new BoxSplitter().push(mp4).filter((b) => b.type === 'moof');
    const keyframes = boxes.map((b) => moofStartsWithKeyframe(b.bytes));
    expect(keyframes[0]).toBe(true);
    expect(keyframes.filter(Boolean).length).toBe(2); // 20 frames, a keyframe every 10
  });
});
