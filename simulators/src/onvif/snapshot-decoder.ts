import { spawn, type ChildProcess } from 'node:child_process';
import { trackChild } from '@argus/runtime';
import type { SceneFrames } from '../scene/scene-frames.js';
import type { PtzVector } from './ptz-state.js';
import { annexBOf, ptzViewFilter, snapshotArgs, snapshotFrameSpan } from './snapshot-view.js';

export interface SnapshotDecoderOptions {
  readonly ffmpeg: string;
  /** Decodes running at once across all cameras; default 2 (used by SnapshotDecoder). */
  readonly maxConcurrent?: number;
  /** JPEGs kept (least recently used go first); default 64 (used by SnapshotDecoder). */
  readonly cacheEntries?: number;
  /** A decode is killed after this long, ms; default 10 s (used by SnapshotDecoder). */
  readonly timeoutMs?: number;
}

export interface SnapshotRequest {
  /** Identifies the camera's view in the cache (camera id and stream). */
  readonly viewKey: string;
  readonly scene: SceneFrames;
  readonly sceneTimeSec: number;
  readonly position: PtzVector;
}

/**
 * Turns the picture at a scene time into a JPEG with ffmpeg (the only place
 * the ONVIF side spawns). The frames come from the scene already in memory
 * (the IDR before the wanted frame up to it, fed on stdin), so no file is
 * read and the decode is under a second of video. Results are cached per
 * (view, scene second, PTZ position) and concurrent requests for the same
 * key share one decode, so a burst of snapshot requests costs one ffmpeg;
 * at most `maxConcurrent` run at once.
 */
export class SnapshotDecoder {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private readonly running = new Set<ChildProcess>();
  private readonly queue: Array<() => void> = [];
  private active = 0;
  private closed = false;

  /** Decodes started so far (for tests and logs). */
  decodes = 0;

  constructor(private readonly options: SnapshotDecoderOptions) {}

  snapshot(request: SnapshotRequest): Promise<Buffer> {
    const span = snapshotFrameSpan(request.scene, request.sceneTimeSec);
    const p = request.position;
    const key = `${request.viewKey}|${span.to}|${p.pan.toFixed(3)},${p.tilt.toFixed(3)},${p.zoom.toFixed(3)}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const job = this.limited(() => {
      this.decodes++;
      const filter = ptzViewFilter(p, request.scene.width, request.scene.height);
      return this.decode(annexBOf(request.scene, span), snapshotArgs(span.to - span.from, filter));
    });
    this.cache.set(key, job);
    // A failed decode is not cached: the next request tries again.
    job.catch(() => this.cache.delete(key));
    while (this.cache.size > (this.options.cacheEntries ?? 64)) this.cache.delete(this.cache.keys().next().value!);
    return job;
  }

  /** Kills running decodes; later calls fail. */
  close(): void {
    this.closed = true;
    for (const child of this.running) child.kill('SIGKILL');
    for (const next of this.queue.splice(0)) next();
    this.cache.clear();
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= (this.options.maxConcurrent ?? 2)) await new Promise<void>((resolve) => this.queue.push(resolve));
    if (this.closed) throw new Error('snapshot decoder closed');
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private decode(input: Buffer, args: string[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      trackChild(child);
      this.running.add(child);
      const out: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.timeoutMs ?? 10_000);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        if (stderr.length < 4096) stderr += text;
      });
      // ffmpeg may exit (frame found) before it has read all of stdin: EPIPE then is expected.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
      child.on('error', (err) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        const jpeg = Buffer.concat(out);
        if (code === 0 && jpeg.length > 2 && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve(jpeg);
        else reject(new Error(`ffmpeg snapshot decode failed (${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
  }
}
