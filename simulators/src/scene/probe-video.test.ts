import { describe, expect, it } from 'vitest';
import { parseProbeJson, parseRate } from './probe-video.js';

describe('parseProbeJson', () => {
  it('reads size and the base frame rate', () => {
    const json = JSON.stringify({ streams: [{ width: 768, height: 432, r_frame_rate: '25/2', avg_frame_rate: '25/2' }] });
    expect(parseProbeJson(json, 'x.mp4')).toEqual({ width: 768, height: 432, fps: { num: 25, den: 2 } });
  });

  it('falls back to the average rate, then to 25 fps, when the base rate is implausible', () => {
    const odd = JSON.stringify({ streams: [{ width: 2, height: 2, r_frame_rate: '90000/1', avg_frame_rate: '145/12' }] });
    expect(parseProbeJson(odd, 'x').fps).toEqual({ num: 145, den: 12 });
    const none = JSON.stringify({ streams: [{ width: 2, height: 2, r_frame_rate: '0/0' }] });
    expect(parseProbeJson(none, 'x').fps).toEqual({ num: 25, den: 1 });
  });

  it('fails with SIM_ERR_SCENE_PROBE when there is no video', () => {
    expect(() => parseProbeJson('{"streams":[]}', 'a.wav')).toThrow(expect.objectContaining({ code: 'SIM_ERR_SCENE_PROBE' }));
    expect(() => parseProbeJson('nope', 'a')).toThrow(expect.objectContaining({ code: 'SIM_ERR_SCENE_PROBE' }));
  });

  it('parses rates', () => {
    expect(parseRate('30000/1001')).toEqual({ num: 30_000, den: 1001 });
    expect(parseRate('25')).toBeUndefined();
    expect(parseRate(undefined)).toBeUndefined();
  });
});
