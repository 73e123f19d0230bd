import { describe, expect, it } from 'vitest';
import { parseAdts } from './aac-adts.js';

/** An ADTS frame: AAC-LC (profile 1), sampling index 3 (48 kHz), 2 channels, no CRC. */
function adts(payload: number[], rateIndex = 3, channels = 2): Buffer {
  const length = 7 + payload.length;
  const h = Buffer.alloc(7);
  h[0] = 0xff;
  h[1] = 0xf1;
  h[2] = (1 << 6) | (rateIndex << 2) | (channels >> 2);
  h[3] = ((channels & 3) << 6) | (length >> 11);
  h[4] = (length >> 3) & 0xff;
  h[5] = ((length & 7) << 5) | 0x1f;
  h[6] = 0xfc;
  return Buffer.concat([h, Buffer.from(payload)]);
}

describe('parseAdts', () => {
  it('strips headers into raw AUs and derives the AudioSpecificConfig', () => {
    const stream = parseAdts(Buffer.concat([adts([1, 2, 3]), adts([4]), adts([5, 6])]));
    expect(stream.frames.map((f) => [...f])).toEqual([[1, 2, 3], [4], [5, 6]]);
    expect([stream.sampleRate, stream.channels, stream.objectType]).toEqual([48000, 2, 2]);
    expect(stream.config.toString('hex')).toBe('1190'); // AAC-LC, 48 kHz, stereo
  });

  it('drops a torn last frame', () => {
    const whole = adts([1, 2, 3]);
    expect(parseAdts(Buffer.concat([whole, whole.subarray(0, 8)])).frames).toHaveLength(1);
  });

  it('refuses input that is not ADTS or changes format midway', () => {
    expect(() => parseAdts(Buffer.from('not audio at all'))).toThrow(/sync word/);
    expect(() => parseAdts(Buffer.concat([adts([1]), adts([2], 4)]))).toThrow(/changes the stream format/);
    expect(() => parseAdts(Buffer.alloc(0))).toThrow(/no ADTS frames/);
  });
});
