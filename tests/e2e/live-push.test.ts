import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '@argus/runtime';
import { startStack, type Stack } from '../support/stack.js';

const execFileAsync = promisify(execFile);
const IDLE_SECONDS = 3;

/**
 * Live view on demand, end to end: the console's request makes the cloud
 * open a relay and command the agent (live-start over the control channel);
 * the agent pushes the simulated camera by RTMP; the cloud serves 1 s HLS;
 * nobody watching for a while ends the push (live-stop).
 */
describe('live view pushed on demand', () => {
  let stack: Stack;
  const cameraId = 'cam-1';

  beforeAll(async () => {
    stack = await startStack({ cameras: 1, cloudEnv: { ARGUS_LIVE_IDLE_SECONDS: String(IDLE_SECONDS) } });
    // The camera must be known to the cloud (the edge announces it) and the control channel open.
    await stack.waitForSegments(cameraId, 1, { timeoutMs: 30_000 });
    for (const deadline = Date.now() + 10_000; stack.cloud.app.argus.controlHub.connectedAgents().length === 0;) {
      if (Date.now() > deadline) throw new Error('the agent opened no control channel');
      await new Promise((resolve) => setTimeout(resolve, 100)); // the hub has no open event to wait on
    }
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const livePlaylistUrl = () => `${stack.cloud.url}/api/cameras/${cameraId}/live-now.m3u8`;

  it('serves a 1 s-segment playlist of the pushed camera that ffprobe reads as H.264, then stops the push once unwatched', async () => {
    const askedAt = Date.now();
    const first = await fetch(livePlaylistUrl(), { headers: stack.adminHeaders });
    const firstBody = await first.text();
    expect(first.status, firstBody).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const segments = firstBody.split('\n').filter((l) => l.startsWith('/api/live/'));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(firstBody).toMatch(/#EXT-X-TARGETDURATION:[12]\b/);
    const readyMs = Date.now() - askedAt;
    expect(readyMs).toBeLessThan(15_000);
    stack.logger.info({ readyMs }, 'live playlist ready');

    const segment = await fetch(`${stack.cloud.url}${segments[0]}`, { headers: stack.adminHeaders });
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');

    const { stdout } = await execFileAsync(ffmpegBinaries().ffprobe ?? 'ffprobe', ['-v', 'error', '-headers', `Authorization: ${stack.adminHeaders.authorization}\r\n`, '-show_entries', 'stream=codec_name', '-of', 'json', livePlaylistUrl()], { timeout: 20_000 });
    const streams = (JSON.parse(stdout) as { streams: Array<{ codec_name: string }> }).streams;
    expect(streams.map((s) => s.codec_name)).toContain('h264');
    expect(stack.cloud.app.argus.live.active()).toEqual([`default/${cameraId}`]);

    // Nobody watches from here: within the idle time plus a sweep the cloud sends live-stop and the edge's ffmpeg ends.
    const lastWatched = Date.now();
    await expect.poll(() => stack.cloud.app.argus.live.active(), { timeout: (IDLE_SECONDS + 5) * 1000, interval: 200 }).toEqual([]);
    await expect.poll(() => stack.logLines.some((l) => l.includes('"live push stopped"') && l.includes(cameraId)), { timeout: 5000 }).toBe(true);
    expect(Date.now() - lastWatched).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 500);
    const gone = await fetch(`${stack.cloud.url}${segments[0]}`, { headers: stack.adminHeaders });
    expect(gone.status).toBe(404);

    // Neither the session key nor the camera password reached a log line.
    const logs = stack.logLines.join('');
    expect(logs).not.toContain(stack.cameraPassword);
    expect(logs).not.toMatch(/key=[0-9a-f]{32}/);
  }, 60_000);

  it('ends the push when the agent stops, and the cloud closes the session', async () => {
    const opened = await fetch(livePlaylistUrl(), { headers: stack.adminHeaders });
    expect(opened.status).toBe(200);
    const stoppedBefore = stack.logLines.filter((l) => l.includes('"live push stopped"')).length;
    await stack.edge.stop();
    expect(stack.logLines.filter((l) => l.includes('"live push stopped"')).length).toBe(stoppedBefore + 1);
    // The relay's ffmpeg ends with the push; the session goes well before the idle timeout would take it.
    await expect.poll(() => stack.cloud.app.argus.live.active(), { timeout: IDLE_SECONDS * 1000 - 500, interval: 100 }).toEqual([]);
  }, 30_000);
});
