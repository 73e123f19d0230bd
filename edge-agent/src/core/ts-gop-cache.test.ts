import { describe, expect, it } from 'vitest';
import { TS_PACKET, TsGopCache, type GopSubscriber } from './ts-gop-cache.js';

const PMT_PID = 0x1000;
const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;

/** One TS packet: header, optional adaptation field (random access), payload filled with `tag`. */
function packet(pid: number, opts: { unitStart?: boolean; randomAccess?: boolean; tag?: number; payload?: number[] } = {}): Buffer {
  const p = Buffer.alloc(TS_PACKET, 0xff);
  p[0] = 0x47;
  p[1] = (opts.unitStart ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  p[2] = pid & 0xff;
  let at = 4;
  if (opts.randomAccess) {
    p[3] = 0x30; // adaptation field and payload
    p[4] = 1; // its length
    p[5] = 0x40; // random access indicator
    at = 6;
  } else {
    p[3] = 0x10;
  }
  const payload = opts.payload ?? [];
  Buffer.from(payload).copy(p, at);
  p[TS_PACKET - 1] = opts.tag ?? 0;
  return p;
}

/** PAT naming program 1 at PMT_PID; PMT naming an H.264 stream at VIDEO_PID and AAC at AUDIO_PID. */
const pat = packet(0, { unitStart: true, payload: [0, 0x00, 0xb0, 13, 0, 1, 0xc1, 0, 0, 0, 1, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff, 0, 0, 0, 0] });
const pmt = packet(PMT_PID, {
  unitStart: true,
  payload: [0, 0x02, 0xb0, 23, 0, 1, 0xc1, 0, 0, 0xe0 | (VIDEO_PID >> 8), VIDEO_PID & 0xff, 0xf0, 0,
    0x0f, 0xe0 | (AUDIO_PID >> 8), AUDIO_PID & 0xff, 0xf0, 0, // AAC first: not the video
    0x1b, 0xe0 | (VIDEO_PID >> 8), VIDEO_PID & 0xff, 0xf0, 0, 0, 0, 0, 0],
});
const key = (tag: number): Buffer => packet(VIDEO_PID, { unitStart: true, randomAccess: true, tag });
const frame = (tag: number): Buffer => packet(VIDEO_PID, { unitStart: true, tag });
const more = (tag: number): Buffer => packet(VIDEO_PID, { tag });
const audio = (tag: number): Buffer => packet(AUDIO_PID, { unitStart: true, randomAccess: true, tag });

/** The tags of the packets a subscriber got (PAT and PMT named). */
function collect(): GopSubscriber & { tags(): Array<number | string>; ended: boolean } {
  const bytes: Buffer[] = [];
  const sub = {
    ended: false,
    write: (b: Buffer) => void bytes.push(b),
    end: () => void (sub.ended = true),
    tags: () => {
      const all = Buffer.concat(bytes);
      const out: Array<number | string> = [];
      for (let at = 0; at < all.length; at += TS_PACKET) {
        const pid = ((all[at + 1]! & 0x1f) << 8) | all[at + 2]!;
        out.push(pid === 0 ? 'pat' : pid === PMT_PID ? 'pmt' : all[at + TS_PACKET - 1]!);
      }
      return out;
    },
  };
  return sub;
}

describe('TsGopCache', () => {
  it('gives a new subscriber PAT, PMT and the packets since the newest keyframe, then the live packets', () => {
    const cache = new TsGopCache({ maxBytes: 1 << 20 });
    cache.push(Buffer.concat([pat, pmt, key(1), more(2), frame(3), audio(4), key(5), frame(6), more(7)]));
    expect(cache.primed).toBe(true);
    const sub = collect();
    cache.subscribe(sub);
    expect(sub.tags()).toEqual(['pat', 'pmt', 5, 6, 7]);
    cache.push(Buffer.concat([frame(8), key(9)]));
    expect(sub.tags()).toEqual(['pat', 'pmt', 5, 6, 7, 8, 9]);
    // A later subscriber starts at the newer keyframe.
    const late = collect();
    cache.subscribe(late);
    expect(late.tags()).toEqual(['pat', 'pmt', 9]);
  });

  it('reassembles packets split across chunks at any byte, and resynchronises after garbage', () => {
    const cache = new TsGopCache({ maxBytes: 1 << 20 });
    const sub = collect();
    cache.subscribe(sub);
    const stream = Buffer.concat([pat, pmt, frame(1), key(2), more(3), Buffer.from([1, 2, 3]), frame(4), key(5)]);
    for (let at = 0; at < stream.length; at += 77) cache.push(stream.subarray(at, at + 77));
    // Before any keyframe a subscriber waits; the torn bytes are skipped.
    expect(sub.tags()).toEqual(['pat', 'pmt', 2, 3, 4, 5]);
  });

  it('makes a subscriber without a cached keyframe wait for the next one, and keeps no GOP larger than maxBytes', () => {
    const cache = new TsGopCache({ maxBytes: 3 * TS_PACKET });
    cache.push(Buffer.concat([pat, pmt, key(1), more(2), more(3), more(4)]));
    expect(cache.primed).toBe(false); // four packets: over the cap
    const sub = collect();
    cache.subscribe(sub);
    expect(sub.tags()).toEqual([]);
    cache.push(Buffer.concat([more(5), key(6), frame(7)]));
    expect(sub.tags()).toEqual(['pat', 'pmt', 6, 7]);
    expect(cache.primed).toBe(true);
  });

  it('ends every subscriber on reset and starts over: nothing cached until the next PAT, PMT and keyframe', () => {
    const cache = new TsGopCache({ maxBytes: 1 << 20 });
    cache.push(Buffer.concat([pat, pmt, key(1)]));
    const sub = collect();
    const unsubscribe = cache.subscribe(sub);
    cache.reset();
    expect(sub.ended).toBe(true);
    expect(cache.primed).toBe(false);
    expect(cache.subscriberCount).toBe(0);
    cache.push(key(2)); // no PAT/PMT since the reset: not a known video PID yet
    expect(cache.primed).toBe(false);
    cache.push(Buffer.concat([pat, pmt, key(3)]));
    expect(cache.primed).toBe(true);
    unsubscribe(); // harmless after the reset
    const other = collect();
    cache.subscribe(other);
    expect(other.tags()).toEqual(['pat', 'pmt', 3]);
  });
});
