import type { SceneFrames } from '../../src/scene/scene-frames.js';

/**
 * A tiny in-memory scene for unit tests: `length` frames with an IDR every
 * `gop`, each frame one fake NAL tagged with its position in the loop.
 */
export function fakeScene(length: number, gop: number, fps = { num: 25, den: 1 }): SceneFrames {
  const sps = Buffer.from([0x67, 0x42, 0xc0, 0x1e]);
  const pps = Buffer.from([0x68, 0xce, 0x3c, 0x80]);
  const frames = Array.from({ length }, (_, i) => {
    const idr = i % gop === 0;
    const body = Buffer.from([idr ? 0x65 : 0x41, 0x88, i & 0xff]);
    return { idr, nals: idr ? [sps, pps, body] : [body] };
  });
  return { width: 320, height: 180, fps, frames, sps, pps, profileLevelId: '42C01E', spropParameterSets: 'Z0LAHg==,aM48gA==', bytes: 0 };
}
