import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAP_TOLERANCE_MS } from '@argus/core';
import { delay, ffmpegBinaries } from '@argus/runtime';
import { startStack, type Stack } from '../support/stack.js';

const execFileAsync = promisify(execFile);
const OUTAGE_MS = 20_000;

/**
 * Simulated cameras → edge agent → object store → cloud index → HLS, all
 * real: RTSP from the simulator, ffmpeg on the edge, PostgreSQL, the file
 * object store, ffprobe reading the cloud's playlists.
 */
describe('recording pipeline', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ cameras: 2, segmentSeconds: 2 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('indexes a steady stream of segments for every camera', async () => {
    for (const id of stack.cameraIds) {
      const segments = await stack.waitForSegments(id, 5);
      // From the very first segment on (ffmpeg delivers its first seconds in a burst), no overlap and no gap.
      for (let i = 1; i < segments.length; i++) {
        expect(Date.parse(segments[i]!.startsAt) - Date.parse(segments[i - 1]!.endsAt), segments[i]!.key).toBeGreaterThanOrEqual(-GAP_TOLERANCE_MS);
        expect(Date.parse(segments[i]!.startsAt) - Date.parse(segments[i - 1]!.endsAt), segments[i]!.key).toBeLessThanOrEqual(GAP_TOLERANCE_MS);
      }
      for (const s of segments) {
        const ms = Date.parse(s.endsAt) - Date.parse(s.startsAt);
        // Cut on the keyframe after 2 s; the simulator sends one every second.
        expect(ms, s.key).toBeGreaterThanOrEqual(1500);
        expect(ms, s.key).toBeLessThanOrEqual(3500);
      }
    }
  });

  it('stores bytes that match the sha256 and size in the index', async () => {
    for (const id of stack.cameraIds) {
      const segments = await stack.segments(id);
      expect(segments.length).toBeGreaterThan(0);
      for (const s of segments) {
        const response = await fetch(`${stack.cloud.url}/api/media/${s.key}`, { headers: stack.adminHeaders });
        expect(response.status, s.key).toBe(200);
        const body = Buffer.from(await response.arrayBuffer());
        expect(body.length).toBe(s.bytes);
        expect(createHash('sha256').update(body).digest('hex')).toBe(s.sha256);
      }
    }
  });

  it('serves a playback playlist that ffprobe reads as H.264 of the recorded length', async () => {
    const segments = await stack.waitForSegments('cam-2', 6);
    const from = Date.parse(segments[0]!.startsAt);
    const to = Date.parse(segments.at(-1)!.endsAt);
    const url = `${stack.cloud.url}/api/cameras/cam-2/playback.m3u8?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    const { stdout } = await execFileAsync(ffmpegBinaries().ffprobe ?? 'ffprobe', ['-v', 'error', '-headers', `Authorization: ${stack.adminHeaders.authorization}\r\n`, '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'json', url], { timeout: 30_000 });
    const probe = JSON.parse(stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; width: number }> };
    expect(probe.streams.map((s) => s.codec_name)).toContain('h264');
    expect(Number(probe.format.duration)).toBeGreaterThan((to - from) / 1000 - 1.5);
    expect(Number(probe.format.duration)).toBeLessThan((to - from) / 1000 + 1.5);
  });

  it('reconnects after a camera outage by itself, with a discontinuity at the gap and no segment indexed twice', async () => {
    await stack.waitForSegments('cam-1', 3);
    const offAt = Date.now();
    stack.sim.setCameraOnline('cam-1', false);
    await delay(OUTAGE_MS);
    stack.sim.setCameraOnline('cam-1', true);
    const onAt = Date.now();
    await stack.waitForSegments('cam-1', 3, { since: onAt, timeoutMs: 45_000 });

    const segments = await stack.segments('cam-1', offAt - 30_000, Date.now());
    const keys = segments.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const gaps: Array<{ from: number; to: number }> = [];
    for (let i = 1; i < segments.length; i++) {
      const prevEnd = Date.parse(segments[i - 1]!.endsAt);
      const nextStart = Date.parse(segments[i]!.startsAt);
      expect(nextStart, `overlap at ${segments[i]!.key}`).toBeGreaterThanOrEqual(prevEnd - GAP_TOLERANCE_MS);
      if (nextStart - prevEnd > GAP_TOLERANCE_MS) gaps.push({ from: prevEnd, to: nextStart });
    }
    // One gap: the outage, as long as the camera was gone (plus reconnection), and nothing else.
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.to - gaps[0]!.from).toBeGreaterThan(OUTAGE_MS - 3000);
    expect(gaps[0]!.from).toBeGreaterThan(offAt - 4000);

    const from = new Date(Date.parse(segments[0]!.startsAt)).toISOString();
    const to = new Date(Date.parse(segments.at(-1)!.endsAt)).toISOString();
    const playlist = await (await fetch(`${stack.cloud.url}/api/cameras/cam-1/playback.m3u8?from=${from}&to=${to}`, { headers: stack.adminHeaders })).text();
    const lines = playlist.split('\n');
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    const disc = lines.indexOf('#EXT-X-DISCONTINUITY');
    // The tag sits between the last segment before the outage and the first one after it.
    const after = lines.slice(disc).find((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'))!;
    expect(Date.parse(after.slice('#EXT-X-PROGRAM-DATE-TIME:'.length))).toBe(gaps[0]!.to);

    // The other camera recorded straight through.
    const other = await stack.segments('cam-2', offAt, onAt);
    for (let i = 1; i < other.length; i++) {
      expect(Date.parse(other[i]!.startsAt) - Date.parse(other[i - 1]!.endsAt)).toBeLessThanOrEqual(GAP_TOLERANCE_MS);
    }
  }, 120_000);

  it('never writes a camera password or the edge token to a log line', () => {
    const all = stack.logLines.join('');
    expect(stack.logLines.length).toBeGreaterThan(20);
    expect(all).not.toContain(stack.cameraPassword);
    expect(all).not.toContain(stack.edgeToken);
    // The lines that name a camera URL do so redacted.
    expect(all).toMatch(/rtsp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1/);
  });
});
