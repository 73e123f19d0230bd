import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeAgent } from '../src/index.js';
import { freePort, startEdgeHarness, waitFor, type EdgeHarness } from './support/edge-harness.js';
import { startPausableProxy, type PausableProxy } from './support/pausable-proxy.js';

interface CloudEvent {
  id: string;
  phase: string;
  cameraId: string;
  label: string;
  attributes: Record<string, string>;
  startedAt: string;
  endedAt: string | null;
}

/**
 * Camera faults end to end: simulator → edge agent → cloud. cam-1 is reached
 * directly (its outage is a closed and refused connection); cam-2 through a
 * proxy that can freeze the stream without closing it (a hung camera).
 */
describe('camera faults', () => {
  let h: EdgeHarness;
  let proxy: PausableProxy;
  let agent: EdgeAgent;

  beforeAll(async () => {
    h = await startEdgeHarness({ cameras: 2 });
    proxy = await startPausableProxy(h.sim.port);
    await h.startCloud();
    const base = h.config();
    agent = await h.startAgent({
      metrics: { port: await freePort() },
      cameras: base.cameras.map((c) => (c.id === 'cam-2' ? { ...c, main: c.main.replace(`:${h.sim.port}/`, `:${proxy.port}/`) } : c)),
    });
    await waitFor('both cameras recording', () => agent.status().cameras.every((c) => c.recorded >= 2) || undefined, 60_000);
  });

  afterAll(async () => {
    await h?.stop();
    await proxy?.close();
  });

  const edgeEvents = async (cameraId: string, label: string): Promise<CloudEvent[]> => {
    const response = await fetch(`${h.cloudUrl}/api/events?cameraId=${cameraId}&label=${label}`, { headers: h.adminHeaders });
    const { events } = (await response.json()) as { events: CloudEvent[] };
    // The edge's own health events carry the reason it read from ffmpeg.
    return events.filter((e) => e.attributes.reason !== undefined);
  };

  it('raises camera-offline within 10 s of a camera going away, ends it when the camera is back, and records again by itself', async () => {
    const offAt = Date.now();
    h.sim.setCameraOnline('cam-1', false);
    const [started] = await waitFor('camera-offline in the cloud', async () => {
      const found = await edgeEvents('cam-1', 'camera-offline');
      return found.length > 0 ? found : undefined;
    }, 20_000);
    const detectedAt = Date.parse(started!.startedAt);
    expect(detectedAt - offAt, 'detection delay (ms)').toBeLessThan(10_000);
    expect(agent.status().cameras[0]).toMatchObject({ state: 'offline' });
    expect(['exited', 'refused']).toContain(started!.attributes.reason);

    await new Promise((resolve) => setTimeout(resolve, 5000));
    const recordedBefore = agent.status().cameras[0]!.recorded;
    h.sim.setCameraOnline('cam-1', true);
    const [ended] = await waitFor('the end of camera-offline', async () => {
      const found = (await edgeEvents('cam-1', 'camera-offline')).filter((e) => e.id === started!.id && e.phase === 'end');
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(Date.parse(ended!.endedAt!)).toBeGreaterThan(offAt + 5000);
    await waitFor('recording again', () => agent.status().cameras[0]!.recorded >= recordedBefore + 2 || undefined, 30_000);
    expect(agent.status().cameras[0]).toMatchObject({ state: 'recording', fault: undefined });
  }, 90_000);

  it('raises camera-stalled within 10 s of a stream that freezes without closing, and ends it once frames flow again', async () => {
    const frozenAt = Date.now();
    proxy.pause();
    const [started] = await waitFor('camera-stalled in the cloud', async () => {
      const found = await edgeEvents('cam-2', 'camera-stalled');
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(Date.now() - frozenAt, 'time to raise it (ms)').toBeLessThan(12_000);
    expect(Math.abs(Date.parse(started!.startedAt) - frozenAt), 'dated at the last progress').toBeLessThan(3000);
    proxy.resume();
    await waitFor('the end of camera-stalled', async () => {
      const found = (await edgeEvents('cam-2', 'camera-stalled')).filter((e) => e.id === started!.id && e.phase === 'end');
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(agent.status().cameras[1]!.state).toBe('recording');
  }, 90_000);

  it('serves Prometheus metrics on 127.0.0.1 with the recording, outbox, camera and disk series', async () => {
    const url = agent.metricsUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const text = await (await fetch(url!)).text();
    const value = (series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      if (!line) throw new Error(`no series ${series} in\n${text.slice(0, 2000)}`);
      return Number(line.slice(series.length + 1));
    };
    const status = agent.status();
    expect(value('argus_edge_segments_recorded_total{camera="cam-1"}')).toBe(status.cameras[0]!.recorded);
    expect(value('argus_edge_segments_uploaded_total{camera="cam-1",lane="live"}')).toBeGreaterThan(0);
    expect(value('argus_edge_upload_bytes_total{lane="live"}')).toBeGreaterThan(10_000);
    expect(value('argus_edge_ffmpeg_restarts_total{camera="cam-1",process="recorder"}')).toBeGreaterThanOrEqual(1);
    // Both cameras detect motion on their main stream (the harness gives them no sub stream).
    expect(value('argus_edge_detect_fps{camera="cam-1"}')).toBeGreaterThan(0);
    expect([0, 1]).toContain(value('argus_edge_motion{camera="cam-2"}'));
    expect(value('argus_edge_camera_state{camera="cam-1",state="recording"}')).toBe(1);
    expect(value('argus_edge_camera_state{camera="cam-1",state="offline"}')).toBe(0);
    expect(value('argus_edge_outbox_segments')).toBeGreaterThanOrEqual(0);
    expect(value('argus_edge_outbox_segments')).toBeLessThan(10);
    expect(value('argus_edge_disk_free_bytes')).toBeGreaterThan(0);
    expect(value('argus_edge_disk_used_bytes')).toBeGreaterThanOrEqual(0);
    expect(value('argus_edge_events_sent_total')).toBeGreaterThanOrEqual(4);
    expect((await fetch(url!.replace('/metrics', '/other'))).status).toBe(404);
    // The heartbeat's view of a camera: rate, bitrate, last segment (the simulated scene runs at 12.5 fps).
    expect(status.cameras[1]).toMatchObject({ state: 'recording' });
    // Right after the frozen stream resumes, buffered frames arrive in a burst (ffmpeg reports 50+ fps for a
    // moment): wait for the rate to settle to the scene's, within loose bounds.
    const fps = await waitFor('a steady frame rate', () => {
      const rate = agent.status().cameras[1]!.fps;
      return rate !== undefined && rate > 5 && rate < 40 ? rate : undefined;
    }, 15_000);
    expect(fps).toBeGreaterThan(5);
    expect(status.cameras[1]!.bitrateBps).toBeGreaterThan(100_000);
    expect(Date.now() - status.cameras[1]!.lastSegmentAt!).toBeLessThan(10_000);
  });
});
