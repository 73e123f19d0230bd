import { describe, expect, it } from 'vitest';
import { parseFfmpegInputInfo, parseProbeJson, parseRate, rateFromDecimal } from './probe-video.js';

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

describe('parseFfmpegInputInfo', () => {
  it('reads size and rate from the input description ffmpeg prints', () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'intel_car-detection.mp4':",
      '  Duration: 00:00:30.21, start: 0.000000, bitrate: 744 kb/s',
      '    Stream #0:0(eng): Video: h264 (Baseline) (avc1 / 0x31637661), yuv420p(tv, smpte170m), 768x432, 614 kb/s, 12.50 fps, 12.50 tbr, 25k tbn, 25 tbc (default)',
      '    Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 125 kb/s (default)',
      'At least one output file must be specified',
    ].join('\n');
    expect(parseFfmpegInputInfo(stderr, 'x.mp4')).toEqual({ width: 768, height: 432, fps: { num: 25, den: 2 } });
  });

  it('skips audio streams and reads a size followed by a sample aspect ratio', () => {
    const stderr = '  Stream #0:0: Audio: aac\n  Stream #0:1[0x100]: Video: h264 (High), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 29.97 fps, 29.97 tbr';
    expect(parseFfmpegInputInfo(stderr, 'x')).toEqual({ width: 1280, height: 720, fps: { num: 30_000, den: 1001 } });
  });

  it('fails with SIM_ERR_SCENE_PROBE when there is no video', () => {
    expect(() => parseFfmpegInputInfo('  Stream #0:0: Audio: mp3, 44100 Hz', 'a.mp3')).toThrow(expect.objectContaining({ code: 'SIM_ERR_SCENE_PROBE' }));
  });

  it('turns printed decimal rates into camera fractions', () => {
    expect(rateFromDecimal(25)).toEqual({ num: 25, den: 1 });
    expect(rateFromDecimal(12.5)).toEqual({ num: 25, den: 2 });
    expect(rateFromDecimal(59.94)).toEqual({ num: 60_000, den: 1001 });
    expect(rateFromDecimal(0.5)).toBeUndefined();
  });
});
