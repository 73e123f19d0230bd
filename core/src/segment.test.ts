import { describe, expect, it } from 'vitest';
import { parseSegmentKey, segmentKey } from './segment.js';

const startsAt = Date.UTC(2026, 0, 31, 22, 59, 58, 123);

describe('segmentKey', () => {
  it('follows org/<org>/cam/<camera>/<yyyy>/<mm>/<dd>/<hh>/<startMs>.<ext> in UTC', () => {
    expect(segmentKey({ orgId: 'acme', cameraId: 'gate-3', stream: 'main', startsAt })).toBe(`org/acme/cam/gate-3/2026/01/31/22/${startsAt}.ts`);
  });

  it('keeps other streams apart from the recorded one', () => {
    expect(segmentKey({ orgId: 'acme', cameraId: 'gate-3', stream: 'sub', startsAt })).toBe(`org/acme/cam/gate-3/2026/01/31/22/${startsAt}-sub.ts`);
  });

  it('round-trips through parseSegmentKey', () => {
    for (const stream of ['main', 'sub'] as const) {
      const key = segmentKey({ orgId: 'acme', cameraId: 'gate-3', stream, startsAt });
      expect(parseSegmentKey(key)).toEqual({ orgId: 'acme', cameraId: 'gate-3', stream, startsAt, ext: 'ts' });
    }
  });

  it('refuses keys whose folders disagree with the start time or that escape the scheme', () => {
    for (const key of [
      `org/acme/cam/gate-3/2026/01/31/21/${startsAt}.ts`,
      `org/acme/cam/gate-3/2026/01/31/22/${startsAt}-main.ts`,
      `org/acme/cam/../2026/01/31/22/${startsAt}.ts`,
      `org/Acme/cam/gate-3/2026/01/31/22/${startsAt}.ts`,
      `org/acme/cam/gate-3/2026/01/31/22/${startsAt}-zoom.ts`,
      'org/acme/cam/gate-3/x.ts',
    ]) {
      expect(parseSegmentKey(key), key).toBeUndefined();
    }
  });
});
