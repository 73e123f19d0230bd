import { describe, expect, it } from 'vitest';
import { parseDeviceUrl, withCredentials } from './onvif-urls.js';

describe('withCredentials', () => {
  it('puts percent-encoded credentials into an RTSP URI, so reserved characters cannot break it', () => {
    expect(withCredentials('rtsp://10.0.0.9:554/cam-1/main', 'ad min', 'p@ss:w/rd%#?')).toBe('rtsp://ad%20min:p%40ss%3Aw%2Frd%25%23%3F@10.0.0.9:554/cam-1/main');
    expect(decodeURIComponent(new URL(withCredentials('rtsp://h/x', 'u', 'p@ss:w/rd%#?')).password)).toBe('p@ss:w/rd%#?');
  });

  it('leaves the URI alone without a username', () => {
    expect(withCredentials('rtsp://10.0.0.9/main?channel=1', undefined, 'x')).toBe('rtsp://10.0.0.9/main?channel=1');
  });
});

describe('parseDeviceUrl', () => {
  it('splits an http(s) device service URL as the onvif client takes it', () => {
    expect(parseDeviceUrl('http://10.0.0.9:8000/onvif/cam-1/device_service')).toEqual({ hostname: '10.0.0.9', port: 8000, path: '/onvif/cam-1/device_service', secure: false, host: '10.0.0.9:8000' });
    expect(parseDeviceUrl('https://cam.example')).toMatchObject({ port: 443, path: '/onvif/device_service', secure: true });
    expect(parseDeviceUrl('http://[::1]:81/onvif/device_service')).toMatchObject({ hostname: '::1', host: '[::1]:81' });
  });

  it('refuses what is not an http(s) URL, with EDGE_ERR_ONVIF_URL and no credentials in the message', () => {
    expect(() => parseDeviceUrl('not a url')).toThrow(expect.objectContaining({ code: 'EDGE_ERR_ONVIF_URL' }));
    expect(() => parseDeviceUrl('rtsp://admin:secret@10.0.0.9/main')).toThrow(/must be http\(s\)/);
    expect(() => parseDeviceUrl('rtsp://admin:secret@10.0.0.9/main')).not.toThrow(/secret/);
  });
});
