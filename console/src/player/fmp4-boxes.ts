import { parseSendTimeSei } from '@argus/core';

/**
 * What the low-latency player reads from the fMP4 the cloud sends
 * (live.ws): the codec string for MediaSource from the init segment, the
 * track's timescale, and the send-time stamps (core/send-time-sei.ts) of a
 * fragment's samples with their presentation times. Pure, on bytes.
 */

interface Box { readonly type: string; readonly start: number; readonly end: number }

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'moof', 'traf', 'avc1']);

function* boxes(view: DataView, from: number, to: number): Generator<Box> {
  for (let at = from; at + 8 <= to;) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > to) return;
    yield { type: String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7)), start: at, end: at + size };
    at += size;
  }
}

/** The first box of `type` at any depth (descending only into the containers the player needs). */
function find(view: DataView, type: string, from = 0, to = view.byteLength): Box | undefined {
  for (const box of boxes(view, from, to)) {
    if (box.type === type) return box;
    if (CONTAINERS.has(box.type)) {
      // stsd has 8 bytes (version/flags, entry count) and avc1 78 bytes of sample entry before their children.
      const skip = box.type === 'stsd' ? 8 : box.type === 'avc1' ? 78 : 0;
      const found = find(view, type, box.start + 8 + skip, box.end);
      if (found) return found;
    }
  }
  return undefined;
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');

/** `avc1.PPCCLL` from the init segment's avcC, for MediaSource.isTypeSupported / addSourceBuffer; undefined when not H.264. */
export function codecOfInit(init: ArrayBuffer): string | undefined {
  const view = new DataView(init);
  const avcC = find(view, 'avcC');
  if (!avcC) return undefined;
  return `avc1.${hex(view.getUint8(avcC.start + 9))}${hex(view.getUint8(avcC.start + 10))}${hex(view.getUint8(avcC.start + 11))}`;
}

/** The media timescale (ticks per second) of the init segment's track; 90000 when absent. */
export function timescaleOfInit(init: ArrayBuffer): number {
  const view = new DataView(init);
  const mdhd = find(view, 'mdhd');
  if (!mdhd) return 90_000;
  const version = view.getUint8(mdhd.start + 8);
  return view.getUint32(mdhd.start + (version === 1 ? 28 : 20));
}

export interface SampleStamp {
  /** Presentation time in seconds (the <video>'s media timeline with SourceBuffer mode 'segments'). */
  readonly time: number;
  /** When the camera sent the access unit (epoch ms), from its SEI stamp. */
  readonly sentAtMs: number;
}

/** Send-time stamps of one fragment (moof + mdat) with their samples' presentation times; [] when unstamped. */
export function stampsOfFragment(fragment: ArrayBuffer, timescale: number): SampleStamp[] {
  const view = new DataView(fragment);
  const bytes = new Uint8Array(fragment);
  const moof = find(view, 'moof');
  const tfhd = moof && find(view, 'tfhd', moof.start + 8, moof.end);
  const tfdt = moof && find(view, 'tfdt', moof.start + 8, moof.end);
  const trun = moof && find(view, 'trun', moof.start + 8, moof.end);
  if (!moof || !tfhd || !tfdt || !trun) return [];
  const tfhdFlags = view.getUint32(tfhd.start + 8) & 0xffffff;
  let at = tfhd.start + 16;
  let base = moof.start; // default-base-is-moof (the relay sets default_base_moof)
  if (tfhdFlags & 0x1) { base = Number(view.getBigUint64(at)); at += 8; }
  if (tfhdFlags & 0x2) at += 4;
  let defaultDuration = 0;
  let defaultSize = 0;
  if (tfhdFlags & 0x8) { defaultDuration = view.getUint32(at); at += 4; }
  if (tfhdFlags & 0x10) defaultSize = view.getUint32(at);
  const decodeStart = view.getUint8(tfdt.start + 8) === 1 ? Number(view.getBigUint64(tfdt.start + 12)) : view.getUint32(tfdt.start + 12);
  const trunVersion = view.getUint8(trun.start + 8);
  const flags = view.getUint32(trun.start + 8) & 0xffffff;
  const count = view.getUint32(trun.start + 12);
  at = trun.start + 16;
  let dataAt = base;
  if (flags & 0x1) { dataAt = base + view.getInt32(at); at += 4; }
  if (flags & 0x4) at += 4;
  const stamps: SampleStamp[] = [];
  let decodeTime = decodeStart;
  for (let i = 0; i < count; i++) {
    let duration = defaultDuration;
    let size = defaultSize;
    let offset = 0;
    if (flags & 0x100) { duration = view.getUint32(at); at += 4; }
    if (flags & 0x200) { size = view.getUint32(at); at += 4; }
    if (flags & 0x400) at += 4;
    if (flags & 0x800) { offset = trunVersion === 0 ? view.getUint32(at) : view.getInt32(at); at += 4; }
    // The sample's NAL units, each behind a 4-byte length (the avcC the relay writes).
    for (let nal = dataAt; nal + 4 <= dataAt + size && nal + 4 <= bytes.length;) {
      const length = view.getUint32(nal);
      if ((bytes[nal + 4]! & 0x1f) === 6) {
        const sentAtMs = parseSendTimeSei(bytes.subarray(nal + 4, nal + 4 + length));
        if (sentAtMs !== undefined) { stamps.push({ time: (decodeTime + offset) / timescale, sentAtMs }); break; }
      }
      nal += 4 + length;
    }
    dataAt += size;
    decodeTime += duration;
  }
  return stamps;
}
