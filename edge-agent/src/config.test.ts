import { describe, expect, it } from 'vitest';
import { isArgusError } from '@argus/core';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { parseEdgeConfig } from './config.js';

const valid = {
  cloud: { url: 'http://127.0.0.1:8080', token: 't0ken' },
  dataDir: '/var/lib/argus-edge',
  cameras: [{ id: 'cam-1', name: 'Gate 3', main: 'rtsp://admin:secret@10.0.0.5:554/stream1' }],
};

function problemsOf(input: unknown): string {
  try {
    parseEdgeConfig(input);
  } catch (err) {
    if (isArgusError(err, 'EDGE_ERR_CONFIG')) return err.message;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseEdgeConfig', () => {
  it('fills defaults and freezes the result', () => {
    const config = parseEdgeConfig(valid);
    expect(config.segmentSeconds).toBe(4);
    expect(config.orgId).toBe('default');
    expect(config.cameras[0]?.name).toBe('Gate 3');
    expect(Object.isFrozen(config.cameras[0])).toBe(true);
  });

  it('turns freeze detection on with a 6 s window unless told otherwise, and checks its values', () => {
    expect(parseEdgeConfig(valid).freezeDetection).toEqual({ enabled: true, windowMs: 6000 });
    expect(parseEdgeConfig({ ...valid, freezeDetection: { enabled: false } }).freezeDetection).toEqual({ enabled: false, windowMs: 6000 });
    const message = problemsOf({ ...valid, freezeDetection: { enabled: 'yes', windowMs: 500 } });
    expect(message).toContain('freezeDetection.enabled must be true or false');
    expect(message).toContain('freezeDetection.windowMs must be a number from 2000 to 600000');
  });

  it('keeps the live tap unless told otherwise', () => {
    expect(parseEdgeConfig(valid).liveTap).toEqual({ enabled: true });
    expect(parseEdgeConfig({ ...valid, liveTap: { enabled: false } }).liveTap).toEqual({ enabled: false });
    expect(problemsOf({ ...valid, liveTap: { enabled: 1 } })).toContain('liveTap.enabled must be true or false');
  });

  it('reports every problem in one message naming each field', () => {
    const message = problemsOf({
      cloud: { url: 'ftp://x' },
      segmentSeconds: 99,
      cameras: [{ id: 'Cam 1', main: 'http://x' }, { id: 'cam-2', main: 'rtsp://h/x' }, { id: 'cam-2', main: 'rtsp://h/y' }],
    });
    expect(message).toContain('cloud.url must be an http(s) URL');
    expect(message).toContain('cloud.token must be a non-empty string');
    expect(message).toContain('dataDir must be a non-empty string');
    expect(message).toContain('segmentSeconds must be a number from 1 to 10');
    expect(message).toContain('cameras[0].id "Cam 1"');
    expect(message).toContain('cameras[0].main must be an rtsp:// URL');
    expect(message).toContain('cameras[2].id "cam-2" is used twice');
  });

  it('accepts an agent without cameras yet (the cloud adds them later) but not a camera list of the wrong type', () => {
    expect(parseEdgeConfig({ ...valid, cameras: [] }).cameras).toEqual([]);
    expect(parseEdgeConfig({ cloud: valid.cloud, dataDir: valid.dataDir }).cameras).toEqual([]);
    expect(problemsOf({ ...valid, cameras: { id: 'cam-1' } })).toContain('cameras must be an array');
  });

  it('never echoes a camera URL, which may carry a password', () => {
    const message = problemsOf({ ...valid, segmentSeconds: 0 });
    expect(message).not.toContain('secret');
  });

  it('gives every camera the default detection settings, detecting on main unless it has a sub stream', () => {
    const config = parseEdgeConfig({ ...valid, cameras: [...valid.cameras, { id: 'cam-2', main: 'rtsp://h/main', sub: 'rtsp://h/sub', detect: { fps: 3, masks: [[[0, 0], [1, 0], [1, 0.2]]] } }] });
    expect(config.cameras[0]).toEqual({ ...valid.cameras[0], detect: DEFAULT_DETECTION });
    expect(config.cameras[0]).not.toHaveProperty('sub');
    expect(config.cameras[1]).toMatchObject({ sub: 'rtsp://h/sub', detect: { ...DEFAULT_DETECTION, fps: 3, masks: [[[0, 0], [1, 0], [1, 0.2]]] } });
  });

  it('names each bad detection setting and a sub stream that is not RTSP', () => {
    const message = problemsOf({
      ...valid,
      cameras: [{ id: 'cam-1', main: 'rtsp://h/x', sub: 'http://h/y', detect: { fps: 99, height: 10, sensitivity: 'high', masks: [[[0, 0], [2, 0]]], zones: [{ name: '', polygon: [] }], sharpness: 1 } }],
    });
    expect(message).toContain('cameras[0].sub must be an rtsp:// URL');
    expect(message).toContain('cameras[0].detect.fps must be <= 15');
    expect(message).toContain('cameras[0].detect.height must be >= 90');
    expect(message).toContain('cameras[0].detect.sharpness is not a detection setting');
    expect(problemsOf({ ...valid, cameras: [{ id: 'cam-1', main: 'rtsp://h/x', detect: { masks: [[[0, 0], [2, 0]]] } }] })).toContain('cameras[0].detect.masks[0]');
    expect(problemsOf({ ...valid, cameras: [{ id: 'cam-1', main: 'rtsp://h/x', detect: true }] })).toContain('cameras[0].detect must be an object');
  });

  it('fills the disk guard, uplink and metrics defaults', () => {
    const config = parseEdgeConfig(valid);
    expect(config.stallTimeoutMs).toBeLessThanOrEqual(8000);
    expect(config.storage).toEqual({ maxBytes: 20 * 1024 ** 3, minFreeBytes: 1024 ** 3, keepUploaded: false });
    expect(config.uplink).toEqual({ maxBytesPerSecond: 0, backlogShare: 0.5, shutdownDrainMs: 10_000 });
    expect(config.metrics).toEqual({ port: 9464 });
  });

  it('names each bad storage, uplink and metrics value', () => {
    const message = problemsOf({
      ...valid,
      storage: { maxBytes: -1, keepUploaded: 'yes' },
      uplink: { backlogShare: 2 },
      metrics: { port: 1.5 },
    });
    expect(message).toContain('storage.maxBytes must be a number');
    expect(message).toContain('storage.keepUploaded must be true or false');
    expect(message).toContain('uplink.backlogShare must be a number from 0 to 1');
    expect(message).toContain('metrics.port must be an integer');
    expect(problemsOf({ ...valid, storage: 5 })).toContain('storage must be an object');
  });
});
