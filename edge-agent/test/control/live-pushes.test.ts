import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import { createSimulator, type Simulator } from 'argus-sim';
import { LivePushes } from '../../src/control/live-pushes.js';

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
  });
});

/** A stand-in for a cloud replica's relay: a real ffmpeg listening for one RTMP push, counting the frames it receives (one framecrc line each). */
class Relay {
  frames = 0;
  private waiters: Array<() => void> = [];
  private constructor(readonly url: string, readonly child: ChildProcess) {
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      this.frames += lines.filter((line) => line !== '' && !line.startsWith('#')).length;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async start(): Promise<Relay> {
    const url = `rtmp://127.0.0.1:${await freePort()}/live/cam-1`;
    const child = spawn(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-listen', '1', '-i', url, '-c', 'copy', '-f', 'framecrc', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    return new Relay(url, child);
  }

  /** Resolves once more than `frames` frames arrived. */
  async framesAbove(frames: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames <= frames) {
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`relay ${this.url}: ${this.frames} frames`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }
}

/**
 * The agent's live pushes with real ffmpeg from a simulated camera to real
 * RTMP listeners: one push per camera stream and relay (two cloud replicas
 * watching one camera each get theirs; one replica's live-stop leaves the
 * other's running), and a push whose relay keeps refusing is given up.
 */
describe('LivePushes (real ffmpeg, simulated camera)', () => {
  let sim: Simulator;
  const pushes = new LivePushes({ ffmpegPath: ffmpegBinaries().ffmpeg, logger: createLogger({ name: 'live-pushes-test', level: 'silent' }) });
  const relays: Relay[] = [];

  beforeAll(async () => {
    sim = createSimulator({ cameras: [{ id: 'cam-1', scene: { kind: 'synthetic', width: 320, height: 180, fps: 10 } }], port: 0, onvifPort: 0 });
    await sim.start();
  }, 120_000);

  afterAll(async () => {
    await pushes.stop();
    for (const relay of relays) relay.child.kill('SIGKILL');
    await sim?.stop();
  });

  it('pushes one camera stream to two relays at once, and a stop naming one relay leaves the other pushing', async () => {
    const [a, b] = [await Relay.start(), await Relay.start()];
    relays.push(a, b);
    const input = sim.cameraUrls('cam-1').main;
    await pushes.push('cam-1', input, a.url, 'main', 'replica-a');
    await pushes.push('cam-1', input, b.url, 'main', 'replica-b');
    expect(pushes.active().sort()).toEqual(['cam-1@replica-a', 'cam-1@replica-b']);
    await Promise.all([a.framesAbove(5), b.framesAbove(5)]);

    const aExited = once(a.child, 'exit'); // its push ends: the listener reaches the end of its input
    expect(await pushes.stopPush('cam-1', 'main', 'replica-a')).toBe(true);
    await aExited;
    expect(pushes.active()).toEqual(['cam-1@replica-b']);
    const before = b.frames;
    await b.framesAbove(before + 5);

    // Without a relay: every push of that camera stream.
    expect(await pushes.stopPush('cam-1', 'main')).toBe(true);
    expect(pushes.active()).toEqual([]);
    expect(await pushes.stopPush('cam-1', 'main')).toBe(false);
  }, 60_000);

  it('gives up a push whose relay keeps refusing it', async () => {
    const gone = `rtmp://127.0.0.1:${await freePort()}/live/cam-1`; // nothing listens
    await pushes.push('cam-1', sim.cameraUrls('cam-1').sub, gone, 'sub', 'replica-gone');
    expect(pushes.active()).toEqual(['cam-1/sub@replica-gone']);
    // Five failed runs with 0.5, 1, 2 and 4 s pauses between them.
    await expect.poll(() => pushes.active(), { timeout: 30_000, interval: 250 }).toEqual([]);
  }, 40_000);
});
