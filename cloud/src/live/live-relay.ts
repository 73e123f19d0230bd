import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { delay, stopChild, trackChild, type Logger } from '@argus/runtime';
import { CloudError } from '../errors.js';
import { Fmp4Fanout } from './fmp4-fanout.js';
import { startRtmpGate, type RtmpGate } from './rtmp-gate.js';

export const LIVE_SEGMENT_SECONDS = 1; // used by the relay's HLS muxer
export const LIVE_WINDOW_ENTRIES = 6; // used by the relay's HLS muxer
/** Longest fMP4 fragment (µs); fragments also end at keyframes. Short fragments are the low-latency path's latency floor. */
export const LIVE_FRAGMENT_US = 100_000; // used by the relay's fMP4 muxer

/**
 * The relay ffmpeg's arguments, pure: one RTMP input (the edge's copy-only
 * push), copied twice — into 1 s HLS segments (the fallback, and ffprobe's
 * view) and into fragmented MP4 on stdout (the WebSocket viewers, through
 * Fmp4Fanout). `-flush_packets 1` writes each fragment into the pipe at
 * once instead of after 32 KiB.
 */
export function buildRelayArgs(input: { readonly listenUrl: string; readonly dir: string }): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    // No probing: the FLV's AVC sequence header carries everything the muxers need, and the default
    // 5 s analysis held the first fragment back ~5 s (measured: 5.4 s → 0.5 s after the push starts).
    '-analyzeduration', '0', '-probesize', '32',
    '-listen', '1', '-i', input.listenUrl,
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'hls', '-hls_time', String(LIVE_SEGMENT_SECONDS), '-hls_list_size', String(LIVE_WINDOW_ENTRIES),
    '-hls_flags', 'delete_segments+independent_segments+omit_endlist',
    '-hls_segment_filename', join(input.dir, 'seg-%d.ts'),
    join(input.dir, 'index.m3u8'),
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_keyframe', '-frag_duration', String(LIVE_FRAGMENT_US),
    '-flush_packets', '1', 'pipe:1',
  ];
}

export interface LiveRelayOptions {
  readonly ffmpegPath: string;
  readonly cameraId: string;
  /** The session's HLS folder (created, and removed on stop). */
  readonly dir: string;
  /** RTMP port the edge pushes to (the gate); 0 → any free port. */
  readonly rtmpPort: number;
  readonly rtmpBindHost: string;
  /** Host the edge reaches the cloud's RTMP port at (goes into the push URL). */
  readonly rtmpPublicHost: string;
  readonly logger: Logger;
  /** Called once when ffmpeg ends (push over, or failed). */
  readonly onEnded: () => void;
}

const freeLoopbackPort = (): Promise<number> => new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    probe.close(() => resolve(port));
  });
});

/**
 * One camera's live session in the cloud: an ffmpeg listening for the
 * edge's RTMP push on loopback, copying it into 1 s HLS segments and into
 * fMP4 fragments for WebSocket viewers (Fmp4Fanout), behind an
 * RTMP gate that admits only the push carrying this session's key.
 */
export class LiveRelay {
  readonly pushUrl: string;
  private readonly child: ChildProcess;
  private readonly gate: RtmpGate;
  private stopped = false;

  /** The fMP4 copy of the push, for WebSocket viewers. */
  readonly fanout: Fmp4Fanout;

  private constructor(pushUrl: string, child: ChildProcess, gate: RtmpGate, fanout: Fmp4Fanout) {
    this.pushUrl = pushUrl;
    this.fanout = fanout;
    this.child = child;
    this.gate = gate;
  }

  static async start(options: LiveRelayOptions): Promise<LiveRelay> {
    const log = options.logger.child({ component: 'live-relay', cameraId: options.cameraId });
    const secret = randomBytes(16).toString('hex');
    await rm(options.dir, { recursive: true, force: true });
    await mkdir(options.dir, { recursive: true });
    const internalPort = await freeLoopbackPort();
    const args = buildRelayArgs({ listenUrl: `rtmp://127.0.0.1:${internalPort}/live/${options.cameraId}`, dir: options.dir });
    const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    const fanout = new Fmp4Fanout();
    child.stdout!.on('data', (chunk: Buffer) => {
      try {
        fanout.push(chunk);
      } catch (err) {
        log.warn({ err }, 'relay fMP4 unreadable; ending the session');
        child.kill('SIGTERM');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log.debug({ stderr: chunk.toString().trim() }, 'relay ffmpeg'));
    child.once('close', (code, signal) => {
      log.info({ code, signal }, 'relay ffmpeg ended');
      fanout.close();
      options.onEnded();
    });
    let gate: RtmpGate;
    try {
      gate = await startRtmpGate({
        host: options.rtmpBindHost, port: options.rtmpPort, upstreamPort: internalPort, secret,
        onRejected: () => log.warn('rtmp push without the session key refused'),
      });
    } catch (err) {
      await stopChild(child, 1000);
      // Typically EADDRINUSE: a fixed ARGUS_RTMP_PORT serves one live session at a time.
      throw new CloudError('CLD_ERR_LIVE_FAILED', `camera ${options.cameraId}: the RTMP port ${options.rtmpPort} could not be opened`, { cause: err });
    }
    const pushUrl = `rtmp://${options.rtmpPublicHost}:${gate.port}/live/${options.cameraId}?key=${secret}`;
    log.info({ rtmpPort: gate.port }, 'live relay listening');
    return new LiveRelay(pushUrl, child, gate, fanout);
  }

  /** Resolves true once the playlist lists `minSegments` segments, false after `timeoutMs`. */
  async waitForPlaylist(dir: string, minSegments: number, timeoutMs: number, read: (file: string) => Promise<string>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.stopped && this.child.exitCode === null) {
      const text = await access(join(dir, 'index.m3u8')).then(() => read(join(dir, 'index.m3u8')), () => '');
      if ((text.match(/^#EXTINF/gm) ?? []).length >= minSegments) return true;
      await delay(200); // ffmpeg writes the playlist; no event to wait on but the file itself
    }
    return false;
  }

  get running(): boolean {
    return !this.stopped && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.gate.close();
    await stopChild(this.child, 2000);
    this.fanout.close();
  }
}
