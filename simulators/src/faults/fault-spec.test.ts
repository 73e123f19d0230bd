import { describe, expect, it } from 'vitest';
import { FaultInputError, parseFault, parseFaultFlag } from './fault-spec.js';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (err) {
    if (err instanceof FaultInputError) return err.field;
    throw err;
  }
  return undefined;
};

describe('parseFault', () => {
  it.each([
    ['offline', undefined, { kind: 'offline' }],
    ['drop-rtp', { durationMs: 500 }, { kind: 'drop-rtp', durationMs: 500 }],
    ['freeze', {}, { kind: 'freeze' }],
    ['credentials', { username: 'admin', password: 'n3w' }, { kind: 'credentials', username: 'admin', password: 'n3w' }],
    ['reboot', { durationMs: 3000 }, { kind: 'reboot', durationMs: 3000 }],
    ['clock-skew', { offsetMs: -90_000 }, { kind: 'clock-skew', offsetMs: -90_000 }],
    ['bitrate-spike', { factor: 4, durationMs: 10_000 }, { kind: 'bitrate-spike', factor: 4, durationMs: 10_000 }],
  ])('accepts %s %j', (kind, body, expected) => {
    expect(parseFault(kind, body)).toEqual(expected);
  });

  it.each([
    ['unplug', {}, 'kind'],
    ['offline', [], 'body'],
    ['offline', 'x', 'body'],
    ['drop-rtp', { duration: 5 }, 'duration'],
    ['drop-rtp', { durationMs: -1 }, 'durationMs'],
    ['drop-rtp', { durationMs: 1.5 }, 'durationMs'],
    ['reboot', {}, 'durationMs'],
    ['credentials', { username: 'a:b', password: 'x' }, 'username'],
    ['credentials', { username: 'a' }, 'password'],
    ['credentials', { username: 'a', password: 'x\r\nEvil: 1' }, 'password'],
    ['clock-skew', { offsetMs: '5' }, 'offsetMs'],
    ['bitrate-spike', { factor: 0.5 }, 'factor'],
    ['bitrate-spike', { factor: 1000 }, 'factor'],
    ['freeze', { kind: 'offline' }, 'kind'],
  ])('refuses %s %j naming %s', (kind, body, field) => {
    expect(fieldOf(() => parseFault(kind, body))).toBe(field);
  });
});

describe('parseFaultFlag', () => {
  it('reads camera, kind and parameters', () => {
    expect(parseFaultFlag('cam-2:drop-rtp')).toEqual({ cameraId: 'cam-2', fault: { kind: 'drop-rtp' } });
    expect(parseFaultFlag('cam-1:bitrate-spike:factor=4,durationMs=10000')).toEqual({
      cameraId: 'cam-1',
      fault: { kind: 'bitrate-spike', factor: 4, durationMs: 10_000 },
    });
    expect(parseFaultFlag('cam-3:credentials:username=admin,password=1234')).toEqual({
      cameraId: 'cam-3',
      fault: { kind: 'credentials', username: 'admin', password: '1234' },
    });
  });

  it('refuses malformed flags', () => {
    expect(fieldOf(() => parseFaultFlag('cam-1'))).toBe('fault');
    expect(fieldOf(() => parseFaultFlag('cam-1:freeze:oops'))).toBe('fault');
  });
});
