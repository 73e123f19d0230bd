import { describe, expect, it } from 'vitest';
import { deviceServiceUrl, routeOf } from './onvif-server.js';

describe('routeOf', () => {
  it.each([
    ['/onvif/cam-1/device_service', { cameraId: 'cam-1', kind: 'device' }],
    ['/onvif/cam-1/media_service', { cameraId: 'cam-1', kind: 'media' }],
    ['/onvif/cam-1/ptz_service', { cameraId: 'cam-1', kind: 'ptz' }],
    ['/onvif/cam-1/events_service', { cameraId: 'cam-1', kind: 'events' }],
    ['/onvif/cam-1/snapshot.jpg', { cameraId: 'cam-1', kind: 'snapshot' }],
    ['/onvif/cam-1/subscription/0a1b', { cameraId: 'cam-1', kind: 'subscription', subscriptionId: '0a1b' }],
  ])('%s', (path, route) => expect(routeOf(path)).toEqual(route));

  it.each(['/onvif/device_service', '/onvif/cam-1/device_service/x', '/onvif/cam-1/subscription/XYZ', '/onvif/%E0%A4%A/device_service', '/'])('rejects %s', (path) =>
    expect(routeOf(path)).toBeUndefined(),
  );
});

describe('deviceServiceUrl', () => {
  it('brackets IPv6 hosts', () => {
    expect(deviceServiceUrl('127.0.0.1', 8000, 'cam-1')).toBe('http://127.0.0.1:8000/onvif/cam-1/device_service');
    expect(deviceServiceUrl('::1', 8000, 'cam-1')).toBe('http://[::1]:8000/onvif/cam-1/device_service');
  });
});
