import { segmentKey } from '@argus/core';
import { describe, expect, it } from 'vitest';
import { isCloudError } from '../errors.js';
import { checkSegmentKey } from './segment-key.js';

const startsAt = Date.UTC(2026, 10, 26, 5, 0, 0, 123);
const key = segmentKey({ orgId: 'default', cameraId: 'cam-1', stream: 'main', startsAt });

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isCloudError(err, 'CLD_ERR_VALIDATION') && err.field === 'key') return err.message;
    throw err;
  }
  throw new Error('expected a key error');
}

describe('checkSegmentKey', () => {
  it('accepts the key of the segment being registered, within 1 ms of its start', () => {
    expect(checkSegmentKey(key, 'default', { cameraId: 'cam-1', stream: 'main', startsAt: startsAt + 0.6 })).toMatchObject({ cameraId: 'cam-1', startsAt });
  });

  it.each([
    ['a malformed key', 'org/default/cam/cam-1/x.ts', undefined, 'not a segment key'],
    ['a key of another org', segmentKey({ orgId: 'acme', cameraId: 'cam-1', stream: 'main', startsAt }), undefined, 'org acme'],
    ['another camera', key, { cameraId: 'cam-2', stream: 'main' as const, startsAt }, 'camera cam-1'],
    ['another stream', key, { cameraId: 'cam-1', stream: 'sub' as const, startsAt }, 'stream main'],
    ['another start', key, { cameraId: 'cam-1', stream: 'main' as const, startsAt: startsAt + 2 }, 'starts at'],
  ])('refuses %s', (_label, k, expected, message) => {
    expect(reason(() => checkSegmentKey(k, 'default', expected))).toContain(message);
  });
});
