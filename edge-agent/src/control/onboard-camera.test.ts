import { describe, expect, it } from 'vitest';
import { cameraFromRtsp, isRtspUrl, publicCamera } from './onboard-camera.js';

describe('cameraFromRtsp', () => {
  it('keeps the URLs, putting given credentials into those without', () => {
    expect(cameraFromRtsp({ id: 'gate', name: 'Gate', main: 'rtsp://10.0.0.9/main', sub: 'rtsp://u:p@10.0.0.9/sub', username: 'admin', password: 'a/b' })).toEqual({
      id: 'gate', name: 'Gate', main: 'rtsp://admin:a%2Fb@10.0.0.9/main', sub: 'rtsp://u:p@10.0.0.9/sub',
    });
    expect(cameraFromRtsp({ id: 'gate', name: 'Gate', main: 'rtsps://10.0.0.9/main' })).toEqual({ id: 'gate', name: 'Gate', main: 'rtsps://10.0.0.9/main' });
  });

  it('refuses a URL that is not rtsp, naming the stream and hiding credentials', () => {
    expect(() => cameraFromRtsp({ id: 'g', name: 'g', main: 'http://admin:secret@10.0.0.9/x' })).toThrow(/main stream must be an rtsp:\/\/ URL, got "http:\/\/\*\*\*:\*\*\*@10.0.0.9\/x"/);
    expect(() => cameraFromRtsp({ id: 'g', name: 'g', main: 'rtsp://h/x', sub: 'nonsense' })).toThrow(expect.objectContaining({ code: 'EDGE_ERR_COMMAND_ARGS', message: expect.stringContaining('sub stream') }));
    expect(isRtspUrl('rtsp://')).toBe(false);
  });
});

describe('publicCamera', () => {
  it('shows the stored camera without any credential', () => {
    const shown = publicCamera({
      camera: { id: 'c', name: 'C', main: 'rtsp://admin:pw%40x@h/main', sub: 'rtsp://admin:pw%40x@h/sub', snapshotUri: 'http://h/snap.jpg', onvif: { url: 'http://h/onvif/device_service', username: 'admin', password: 'pw@x' } },
      streams: { main: { profile: 'main', width: 1280, height: 720 } },
    });
    expect(JSON.stringify(shown)).not.toContain('pw');
    expect(shown).toEqual({
      id: 'c', name: 'C', main: 'rtsp://***:***@h/main', sub: 'rtsp://***:***@h/sub', snapshotUri: 'http://h/snap.jpg', onvif: 'http://h/onvif/device_service',
      streams: { main: { profile: 'main', width: 1280, height: 720 } },
    });
  });
});
