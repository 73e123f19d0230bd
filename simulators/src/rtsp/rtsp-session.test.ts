import { createLogger } from '@argus/runtime';
import { describe, expect, it } from 'vitest';
import { readRtpHeader } from '../rtp/rtp-packet.js';
import type { FrameListener, FrameSource, SourceFrame } from '../scene/scene-source.js';
import { fakeScene } from '../../test/helpers/fake-scene.js';
import type { AacStream } from '../rtp/aac-adts.js';
import type { MediaSink } from './rtsp-media-sink.js';
import type { RtspMount, StreamBehaviour } from './rtsp-mount.js';
import { RtspSession } from './rtsp-session.js';

/** Fault switches a test flips by hand. */
function behaviourStub() {
  const state = { drop: false, frozen: false, padding: 1, skewMs: 0 };
  const behaviour: StreamBehaviour = {
    dropMedia: () => state.drop,
    frozen: () => state.frozen,
    paddingFactor: () => state.padding,
    wallClockMs: () => Date.now() + state.skewMs,
  };
  return { state, behaviour };
}

/** A sink that records RTP and RTCP as the session hands them over. */
function recordingSink() {
  const sink = {
    rtp: [] as Buffer[][],
    rtcp: [] as Buffer[],
    bufferedBytes: 0,
    closed: false,
    sendRtp(packets: readonly Buffer[]) {
      this.rtp.push([...packets]);
    },
    sendRtcp(packet: Buffer) {
      this.rtcp.push(packet);
    },
    close() {
      this.closed = true;
    },
  };
  return sink satisfies MediaSink;
}

/** A source driven by hand, and a sink that records what the session writes. */
function harness(options: { maxBufferedBytes?: number; audio?: AacStream } = {}) {
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
  const faults = behaviourStub();
  const mount: RtspMount = {
    cameraId: 'cam-1',
    stream: 'main',
    source,
    auth: undefined,
    isOnline: () => true,
    behaviour: faults.behaviour,
    ...(options.audio ? { audio: options.audio } : {}),
  };
  const sink = recordingSink();
  const audioSink = recordingSink();
  const session = new RtspSession({
    id: 'S1',
    mount,
    log: createLogger({ name: 'test', level: 'silent' }),
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
  });
  session.setupTrack('video', sink, 'rtsp://127.0.0.1/cam-1/main/trackID=0');
  if (options.audio) session.setupTrack('audio', audioSink, 'rtsp://127.0.0.1/cam-1/main/trackID=1');
  const emit = (index: number, sentAtMs = index * 40): void => {
    const frame = scene.frames[index % scene.frames.length]!;
    const out: SourceFrame = { index, ticks90k: index * 3600, idr: frame.idr, nals: frame.nals, sentAtMs };
    listener?.(out);
  };
  const rtp = () => sink.rtp.flat().map(readRtpHeader);
  const rtcpWrites = () => sink.rtcp;
  return { session, sink, audioSink, faults: faults.state, emit, rtp, rtcpWrites, subscribed: () => listener !== undefined };
}

describe('RtspSession', () => {
  it('joins at the next IDR and starts exactly at what RTP-Info announced', () => {
    const h = harness();
    const [{ sequence, rtpTime }] = h.session.play() as unknown as [{ sequence: number; rtpTime: number }];
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
    expect(h.rtcpWrites()[0]![1]).toBe(200);
  });

  it('stops receiving frames when closed', () => {
    const h = harness();
    h.session.play();
    expect(h.subscribed()).toBe(true);
    h.session.close();
    expect(h.subscribed()).toBe(false);
  });

  it('closes its sinks when closed', () => {
    const h = harness();
    h.session.close();
    expect(h.sink.closed).toBe(true);
  });
});

describe('RtspSession under faults', () => {
  const payloads = (h: ReturnType<typeof harness>) => h.sink.rtp.map((frame) => Buffer.concat(frame.map((p) => p.subarray(12))));

  it('sends nothing while RTP is dropped and resumes at the next IDR', () => {
    const h = harness();
    h.session.play();
    h.emit(0);
    h.faults.drop = true;
    for (let i = 1; i <= 6; i++) h.emit(i, 0);
    expect(h.sink.rtp).toHaveLength(1);
    h.faults.drop = false;
    h.emit(7, 0); // a P-frame: its references were never sent
    h.emit(8, 0);
    expect(h.sink.rtp).toHaveLength(1);
    h.emit(10, 0); // IDR
    expect(h.sink.rtp).toHaveLength(2);
    expect(h.rtcpWrites()).toHaveLength(1); // no sender report while dropping either
  });

  it('repeats the last IDR picture with increasing timestamps while frozen, and thaws at an IDR', () => {
    const h = harness();
    h.session.play();
    h.emit(0);
    h.emit(1);
    h.faults.frozen = true;
    for (let i = 2; i <= 7; i++) h.emit(i);
    const frozen = payloads(h).slice(2);
    expect(frozen).toHaveLength(6);
    expect(frozen.every((p) => p.equals(payloads(h)[0]!))).toBe(true);
    const stamps = [...new Set(h.rtp().map((p) => p.timestamp))];
    expect(stamps).toHaveLength(8);
    h.faults.frozen = false;
    h.emit(8); // P-frame after a thaw would reference a picture the client never decoded
    expect(h.sink.rtp).toHaveLength(8);
    h.emit(10);
    expect(h.sink.rtp).toHaveLength(9);
  });

  it('pads frames with filler NAL units to the spike factor', () => {
    const h = harness();
    h.session.play();
    h.emit(0);
    h.faults.padding = 4;
    h.emit(1);
    const [normal, padded] = payloads(h).map((p) => p.length);
    expect(normal).toBeGreaterThan(0);
    const frame = h.sink.rtp[1]!;
    // The frame's one-byte-header slice, then filler NAL units (type 12) after it.
    expect(frame.slice(1).every((p) => (p[12]! & 0x1f) === 12)).toBe(true);
    expect(padded).toBeGreaterThanOrEqual(3 * 3);
  });

  it('stamps sender reports with the skewed camera clock', () => {
    const h = harness();
    h.faults.skewMs = 3_600_000;
    h.session.play();
    h.emit(0, Date.now());
    const ntpSeconds = h.rtcpWrites()[0]!.readUInt32BE(8) - 2_208_988_800;
    expect(Math.abs(ntpSeconds - (Date.now() + 3_600_000) / 1000)).toBeLessThan(5);
  });
});

describe('RtspSession with audio', () => {
  // 10 video frames at 25 fps = 0.4 s = 19200 samples at 48 kHz: 18 whole AUs fit a loop.
  const audio: AacStream = {
    sampleRate: 48_000,
    channels: 2,
    objectType: 2,
    config: Buffer.from([0x11, 0x90]),
    frames: Array.from({ length: 30 }, (_, k) => Buffer.from([0xa0, k])),
  };

  const audioPackets = (h: ReturnType<typeof harness>) =>
    h.audioSink.rtp.flat().map((p) => {
      const header = readRtpHeader(p);
      const headersBits = p.readUInt16BE(12);
      const count = headersBits / 16;
      const ids = [];
      let offset = 14 + count * 2;
      for (let i = 0; i < count; i++) {
        const size = p.readUInt16BE(14 + i * 2) >> 3;
        ids.push(p[offset + 1]!);
        offset += size;
      }
      return { ...header, ids };
    });

  it('announces both tracks in RTP-Info and starts audio at the same instant as video', () => {
    const h = harness({ audio });
    const info = h.session.play();
    expect(info.map((i) => i.url)).toEqual(['rtsp://127.0.0.1/cam-1/main/trackID=0', 'rtsp://127.0.0.1/cam-1/main/trackID=1']);
    h.emit(5); // IDR at 0.2 s: audio starts at the first AU at or after sample 9600
    const [first] = audioPackets(h);
    // rtptime maps the start of the range (the video's first frame, RFC 2326 12.33); the first AU follows it.
    const firstAu = Math.ceil(9600 / 1024);
    expect(first).toMatchObject({ payloadType: 97, marker: true, timestamp: info[1]!.rtpTime + firstAu * 1024 - 9600, sequence: info[1]!.sequence });
    expect(first!.ids[0]).toBe(firstAu);
  });

  it('keeps audio timestamps continuous at the sample rate across loops, restarting the AUs with the video', () => {
    const h = harness({ audio });
    h.session.play();
    for (let i = 0; i < 25; i++) h.emit(i);
    const packets = audioPackets(h);
    const aus = packets.flatMap((p) => p.ids.map((id, k) => ({ id, ts: p.timestamp + k * 1024 })));
    // Loop 0 plays AUs 0..17, then loop 1 starts again at AU 0, at sample 19200.
    expect(aus.slice(0, 20).map((a) => a.id)).toEqual([...Array.from({ length: 18 }, (_, k) => k), 0, 1]);
    const base = aus[0]!.ts;
    expect(aus[18]!.ts - base).toBe(19_200);
    expect(aus[17]!.ts - base).toBe(17 * 1024);
    // Audio never runs ahead of the video frame it goes out with by more than a frame.
    expect(aus.at(-1)!.ts - base).toBeLessThanOrEqual(25 * 1920);
  });
});
