/**
 * Fragmented MP4 from the relay's ffmpeg, cut into what a late-joining
 * viewer needs: the init segment (ftyp + moov) once, then whole fragments
 * (moof + mdat), the first of them starting with a keyframe. Pure byte
 * handling, no I/O: the relay feeds stdout chunks in, viewers subscribe.
 */

/** Most bytes held for late joiners (the fragments since the last keyframe); beyond it the cache is dropped until the next keyframe. */
export const FANOUT_MAX_GOP_BYTES = 8 * 1024 * 1024; // used by Fmp4Fanout

export interface Fmp4Fragment {
  readonly bytes: Buffer;
  /** The fragment's first sample is a sync sample (an IDR): a decoder can start here. */
  readonly keyframe: boolean;
}

export interface FanoutViewer {
  /** Called with the init segment once, then every fragment in order. */
  send(bytes: Buffer, kind: 'init' | 'fragment', keyframe: boolean): void;
  /** Called once when the stream ends (the push stopped or the session closed). */
  end?(): void;
}

/** Splits a byte stream into top-level ISO BMFF boxes. */
export class BoxSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** Whole boxes completed by `chunk`, in order (type and the box's bytes, header included). */
  push(chunk: Buffer): Array<{ type: string; bytes: Buffer }> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const boxes: Array<{ type: string; bytes: Buffer }> = [];
    let at = 0;
    while (this.pending.length - at >= 8) {
      let size = this.pending.readUInt32BE(at);
      const type = this.pending.toString('latin1', at + 4, at + 8);
      if (size === 1) {
        if (this.pending.length - at < 16) break;
        size = Number(this.pending.readBigUInt64BE(at + 8));
      }
      if (size < 8) throw new RangeError(`bad MP4 box size ${size} (${JSON.stringify(type)})`);
      if (this.pending.length - at < size) break;
      boxes.push({ type, bytes: this.pending.subarray(at, at + size) });
      at += size;
    }
    this.pending = this.pending.subarray(at);
    return boxes;
  }
}

/** Children of a container box's payload (`from`..`to` in `bytes`). */
function* childBoxes(bytes: Buffer, from: number, to: number): Generator<{ type: string; start: number; end: number }> {
  for (let at = from; at + 8 <= to;) {
    const size = bytes.readUInt32BE(at);
    if (size < 8 || at + size > to) return;
    yield { type: bytes.toString('latin1', at + 4, at + 8), start: at, end: at + size };
    at += size;
  }
}

const NON_SYNC_SAMPLE = 0x10000; // sample_is_non_sync_sample in ISO/IEC 14496-12 sample flags

/** Whether a moof's first sample is a sync sample (trun first-sample flags, else per-sample flags, else tfhd defaults). */
export function moofStartsWithKeyframe(moof: Buffer): boolean {
  for (const traf of childBoxes(moof, 8, moof.length)) {
    if (traf.type !== 'traf') continue;
    let defaultFlags: number | undefined;
    for (const box of childBoxes(moof, traf.start + 8, traf.end)) {
      const flags = moof.readUInt32BE(box.start + 8) & 0xffffff;
      if (box.type === 'tfhd') {
        let at = box.start + 16; // after version/flags and track_ID
        if (flags & 0x1) at += 8; // base_data_offset
        if (flags & 0x2) at += 4; // sample_description_index
        if (flags & 0x8) at += 4; // default_sample_duration
        if (flags & 0x10) at += 4; // default_sample_size
        if (flags & 0x20) defaultFlags = moof.readUInt32BE(at);
      } else if (box.type === 'trun') {
        let at = box.start + 16; // after version/flags and sample_count
        if (flags & 0x1) at += 4; // data_offset
        if (flags & 0x4) return (moof.readUInt32BE(at) & NON_SYNC_SAMPLE) === 0;
        if (flags & 0x100) at += 4; // sample_duration
        if (flags & 0x200) at += 4; // sample_size
        if (flags & 0x400) return (moof.readUInt32BE(at) & NON_SYNC_SAMPLE) === 0;
        return defaultFlags !== undefined && (defaultFlags & NON_SYNC_SAMPLE) === 0;
      }
    }
  }
  return false;
}

/**
 * One session's fMP4 stream for any number of viewers. A viewer joining
 * late gets the init segment and the fragments since the last keyframe at
 * once, so its decoder starts without waiting for the next keyframe (the
 * player then jumps to the newest frame).
 */
export class Fmp4Fanout {
  private readonly splitter = new BoxSplitter();
  private readonly viewers = new Set<FanoutViewer>();
  private initParts: Buffer[] = [];
  private init: Buffer | undefined;
  private moof: Buffer | undefined;
  private gop: Fmp4Fragment[] = [];
  private gopBytes = 0;
  private keyframeWaiters: Array<() => void> = [];
  /** Bytes taken in since the start (for bytes-per-second figures). */
  bytesIn = 0;

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** True once a viewer can start (init segment and a keyframe fragment seen). */
  get ready(): boolean {
    return this.init !== undefined && this.gop.length > 0;
  }

  /** Resolves once `ready` (immediately when it is). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.keyframeWaiters.push(resolve));
  }

  push(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    for (const box of this.splitter.push(chunk)) {
      if (box.type === 'moof') {
        if (!this.init && this.initParts.length > 0) this.init = Buffer.concat(this.initParts);
        this.moof = Buffer.from(box.bytes);
      } else if (box.type === 'mdat' && this.moof) {
        this.fragment({ bytes: Buffer.concat([this.moof, box.bytes]), keyframe: moofStartsWithKeyframe(this.moof) });
        this.moof = undefined;
      } else if (!this.init) {
        this.initParts.push(Buffer.from(box.bytes)); // ftyp, moov (and anything ffmpeg puts before the first fragment)
      }
    }
  }

  private fragment(fragment: Fmp4Fragment): void {
    if (fragment.keyframe) {
      this.gop = [];
      this.gopBytes = 0;
    }
    if (fragment.keyframe || (this.gop.length > 0 && this.gopBytes + fragment.bytes.length <= FANOUT_MAX_GOP_BYTES)) {
      this.gop.push(fragment);
      this.gopBytes += fragment.bytes.length;
    } else {
      this.gop = [];
      this.gopBytes = 0;
    }
    if (this.ready && this.keyframeWaiters.length > 0) {
      for (const resolve of this.keyframeWaiters.splice(0)) resolve();
    }
    for (const viewer of this.viewers) viewer.send(fragment.bytes, 'fragment', fragment.keyframe);
  }

  /** Adds a viewer (sending it the init segment and the fragments since the last keyframe, when there are); returns its removal. */
  subscribe(viewer: FanoutViewer): () => void {
    if (this.ready) {
      viewer.send(this.init!, 'init', false);
      for (const f of this.gop) viewer.send(f.bytes, 'fragment', f.keyframe);
      this.viewers.add(viewer);
    } else {
      // Not ready yet: join at the first keyframe, the init segment first.
      let joined = false;
      const gate: FanoutViewer = {
        send: (bytes, kind, keyframe) => {
          if (!joined && (!keyframe || !this.init)) return;
          if (!joined) viewer.send(this.init!, 'init', false);
          joined = true;
          viewer.send(bytes, kind, keyframe);
        },
        end: () => viewer.end?.(),
      };
      this.viewers.add(gate);
      return () => { this.viewers.delete(gate); };
    }
    return () => { this.viewers.delete(viewer); };
  }

  /** Drops every viewer (the session ended). */
  close(): void {
    const viewers = [...this.viewers];
    this.viewers.clear();
    for (const viewer of viewers) viewer.end?.();
    for (const resolve of this.keyframeWaiters.splice(0)) resolve();
  }
}
