/** MPEG-4 sampling frequency index table (ISO 14496-3 1.6.3.4). */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350] as const;

/** Samples per AAC access unit (AAC-LC frame length). */
export const AAC_SAMPLES_PER_FRAME = 1024;

/** An AAC elementary stream split into raw access units. */
export interface AacStream {
  readonly sampleRate: number;
  readonly channels: number;
  /** Audio object type (2 = AAC-LC). */
  readonly objectType: number;
  /** AudioSpecificConfig (ISO 14496-3 1.6.2.1), the SDP `config=` value. */
  readonly config: Buffer;
  /** Raw access units (ADTS headers stripped), views into the input. */
  readonly frames: readonly Buffer[];
}

/**
 * Parses an ADTS stream (what `ffmpeg -c:a copy -f adts` writes) into raw
 * AUs. Every frame must have the first frame's profile, rate and channels
 * (one track from one encoder). Frames with several raw data blocks are not
 * split (ffmpeg's ADTS muxer writes one block per frame); a torn tail is
 * dropped. Throws on input that is not ADTS at all.
 */
export function parseAdts(data: Buffer): AacStream {
  const frames: Buffer[] = [];
  let first: { objectType: number; rateIndex: number; channels: number } | undefined;
  let offset = 0;
  while (offset + 7 <= data.length) {
    if (data[offset] !== 0xff || (data[offset + 1]! & 0xf6) !== 0xf0) {
      throw new RangeError(`no ADTS sync word at byte ${offset}`);
    }
    const protectionAbsent = data[offset + 1]! & 0x01;
    const objectType = ((data[offset + 2]! >> 6) & 0x03) + 1;
    const rateIndex = (data[offset + 2]! >> 2) & 0x0f;
    const channels = ((data[offset + 2]! & 0x01) << 2) | ((data[offset + 3]! >> 6) & 0x03);
    const frameLength = ((data[offset + 3]! & 0x03) << 11) | (data[offset + 4]! << 3) | ((data[offset + 5]! >> 5) & 0x07);
    const headerLength = protectionAbsent ? 7 : 9;
    if (frameLength < headerLength) throw new RangeError(`ADTS frame at byte ${offset} is shorter than its header`);
    if (offset + frameLength > data.length) break;
    if (rateIndex >= AAC_SAMPLE_RATES.length) throw new RangeError(`ADTS frame at byte ${offset} has a reserved sampling index ${rateIndex}`);
    if (!first) first = { objectType, rateIndex, channels };
    else if (first.objectType !== objectType || first.rateIndex !== rateIndex || first.channels !== channels) {
      throw new RangeError(`ADTS frame at byte ${offset} changes the stream format`);
    }
    frames.push(data.subarray(offset + headerLength, offset + frameLength));
    offset += frameLength;
  }
  if (!first) throw new RangeError('no ADTS frames');
  const config = Buffer.alloc(2);
  config.writeUInt16BE((first.objectType << 11) | (first.rateIndex << 7) | (first.channels << 3));
  return { sampleRate: AAC_SAMPLE_RATES[first.rateIndex]!, channels: first.channels, objectType: first.objectType, config, frames };
}
