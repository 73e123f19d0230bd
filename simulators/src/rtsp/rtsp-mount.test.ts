import { describe, expect, it } from 'vitest';
import { parseRtspTarget } from './rtsp-mount.js';

describe('parseRtspTarget', () => {
  it('reads camera, stream and track, and drops user info', () => {
    expect(parseRtspTarget('rtsp://admin:secret@127.0.0.1:8554/cam-1/main/trackID=0')).toEqual({
      cameraId: 'cam-1',
      stream: 'main',
      track: 'trackID=0',
      cleanUrl: 'rtsp://127.0.0.1:8554/cam-1/main/trackID=0',
    });
    expect(parseRtspTarget('rtsp://127.0.0.1/cam-2/sub/')).toMatchObject({ cameraId: 'cam-2', stream: 'sub', track: undefined });
  });

  it('gives paths of the wrong shape an empty camera (404)', () => {
    expect(parseRtspTarget('rtsp://127.0.0.1/cam-1')).toMatchObject({ cameraId: '', stream: '' });
    expect(parseRtspTarget('rtsp://127.0.0.1/a/b/c/d')).toMatchObject({ cameraId: '', stream: '' });
  });

  it('refuses relative and non-RTSP URLs (400)', () => {
    expect(parseRtspTarget('/cam-1/main')).toBeUndefined();
    expect(parseRtspTarget('http://127.0.0.1/cam-1/main')).toBeUndefined();
  });
});
