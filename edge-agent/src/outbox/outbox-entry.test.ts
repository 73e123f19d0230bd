import { describe, expect, it } from 'vitest';
import { fromSidecar, toSidecar, type SegmentEntry } from './outbox-entry.js';

const entry: SegmentEntry = {
  id: 'cam-1/r1-000001.ts', cameraId: 'cam-1', stream: 'main', path: '/spool/segments/cam-1/r1-000001.ts',
  startsAt: 1_700_000_000_000, endsAt: 1_700_000_004_000, bytes: 1234, sha256: 'ab'.repeat(32),
  key: 'org/default/cam/cam-1/2023/11/14/22/1700000000000.ts', state: 'uploaded',
};

describe('outbox sidecar', () => {
  it('round-trips an entry; the path and id come from where the file lies', () => {
    expect(fromSidecar(toSidecar(entry), entry.path, entry.id)).toEqual(entry);
  });

  it('refuses text that is not a complete sidecar', () => {
    expect(fromSidecar('{"v":1,"cameraId":"cam-1"}', entry.path, entry.id)).toBeUndefined();
    expect(fromSidecar('{"v":1,', entry.path, entry.id)).toBeUndefined();
    expect(fromSidecar(toSidecar({ ...entry, state: 'odd' as never }), entry.path, entry.id)).toBeUndefined();
  });
});
