import { createLogger } from '@argus/runtime';
import { describe, expect, it } from 'vitest';
import { readRtpHeader } from '../rtp/rtp-packet.js';
import type { FrameListener, FrameSource, SourceFrame } from '../scene/scene-source.js';
import { fakeScene } from '../../test/helpers/fake-scene.js';
import type { RtspMount } from './rtsp-mount.js';
import { RtspSession } from './rtsp-session.js';

/** A source driven by hand, and a sink that records what the session writes. */
function harness(options: { maxBufferedBytes?: number } = {}) {
  const scene = fakeScene(10, 5);
  let listener: FrameListener | undefined;
  const source: FrameSource = {
    scene,
    get subscriberCount() {
      return listener ? 1 : 0;
    },
    subscribe(l) {
      listener = l;
      return () => (listener = undefined);
    },
  };
  const mount: RtspMount = { cameraId: 'cam-1', stream: 'main', source, auth: undefined, isOnline: () => true };
  const sink = { writes: [] as Buffer[], bufferedBytes: 0, write(data: Buffer) { this.writes.push(data); } };
  const session = new RtspSession({
    id: 'S1',
    mount,
    transport: { rtpChannel: 0, rtcpChannel: 1 },
    trackUrl: 'rtsp://127.0.0.1/cam-1/main/trackID=0',
    sink,
    log: createLogger({ name: 'test', level: 'silent' }),
    ...options,
  });
  const emit = (index: number, sentAtMs = index * 40): void => {
    const frame = scene.frames[index % scene.frames.length]!;
    const out: SourceFrame = { index, ticks90k: index * 3600, idr: frame.idr, nals: frame.nals, sentAtMs };
    listener?.(out);
  };
  /** RTP packets written on channel 0, unpacked from the interleaved frames. */
  const rtp = () =>
    sink.writes.flatMap((w) => {
      const packets = [];
      for (let o = 0; o < w.length; o += 4 + w.readUInt16BE(o + 2)) {
        if (w[o + 1] === 0) packets.push(readRtpHeader(w.subarray(o + 4, o + 4 + w.readUInt16BE(o + 2))));
      }
      return packets;
    });
  const rtcpWrites = () => sink.writes.filter((w) => w[1] === 1);
  return { session, sink, emit, rtp, rtcpWrites, subscribed: () => listener !== undefined };
}

describe('RtspSession', () => {
  it('joins at the next IDR and starts exactly at what RTP-Info announced', () => {
    const h = harness();
    const { sequence, rtpTime } = h.session.play();
    for (let i = 3; i <= 6; i++) h.emit(i);
    const packets = h.rtp();
    // Frames 3 and 4 are skipped; IDR 5 is SPS + PPS + slice, then frame 6.
    expect(packets).toHaveLength(4);
    expect(packets[0]).toMatchObject({ sequence, timestamp: rtpTime });
    expect(packets.map((p) => p.marker)).toEqual([false, false, true, true]);
    expect(packets[3]!.timestamp).toBe((rtpTime + 3600) % 2 ** 32);
  });

  it('keeps timestamps and sequence numbers continuous across loops of the scene', () => {
    const h = harness();
    h.session.play();
    for (let i = 0; i < 35; i++) h.emit(i);
    const stamps = [...new Set(h.rtp().map((p) => p.timestamp))];
    const steps = stamps.slice(1).map((t, i) => (t - stamps[i]! + 2 ** 32) % 2 ** 32);
    expect(new Set(steps)).toEqual(new Set([3600]));
    const seqs = h.rtp().map((p) => p.sequence);
    expect(seqs.slice(1).every((s, i) => s === ((seqs[i]! + 1) & 0xffff))).toBe(true);
  });

  it('drops frames for a slow reader until the next IDR, then resumes without a timestamp jump back', () => {
    const h = harness({ maxBufferedBytes: 1000 });
    h.session.play();
    h.emit(0);
    h.emit(1);
    h.sink.bufferedBytes = 5000; // the client stopped reading
    h.emit(2);
    h.emit(3);
    h.sink.bufferedBytes = 0; // drained
    h.emit(4); // not an IDR: still waiting
    h.emit(5);
    h.emit(6);
    const stamps = [...new Set(h.rtp().map((p) => p.timestamp))];
    const base = stamps[0]!;
    expect(stamps.map((t) => (t - base + 2 ** 32) % 2 ** 32)).toEqual([0, 3600, 5 * 3600, 6 * 3600]);
  });

  it('sends an RTCP sender report at once and then every few seconds', () => {
    const h = harness();
    h.session.play();
    for (let i = 0; i < 200; i++) h.emit(i); // 8 s at 40 ms a frame
    expect(h.rtcpWrites()).toHaveLength(2);
    expect(h.rtcpWrites()[0]![4 + 1]).toBe(200);
  });

  it('stops receiving frames when closed', () => {
    const h = harness();
    h.session.play();
    expect(h.subscribed()).toBe(true);
    h.session.close();
    expect(h.subscribed()).toBe(false);
  });
});
