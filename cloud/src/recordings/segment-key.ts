import { parseSegmentKey, type ParsedSegmentKey, type StreamName } from '@argus/core';
import { CloudError } from '../errors.js';

/** Tolerated difference between the start in the key (whole ms) and the registered start. */
export const KEY_START_TOLERANCE_MS = 1;

/**
 * Checks that `key` is a well-formed segment key of `orgId` and, when given,
 * that it names the camera, stream and start being registered. Throws
 * CLD_ERR_VALIDATION with field `key`.
 */
export function checkSegmentKey(
  key: string,
  orgId: string,
  expected?: { readonly cameraId: string; readonly stream: StreamName; readonly startsAt: number },
): ParsedSegmentKey {
  const parsed = parseSegmentKey(key);
  const bad = (why: string): never => {
    throw new CloudError('CLD_ERR_VALIDATION', `body/key ${why}`, { field: 'key' });
  };
  if (!parsed) return bad('is not a segment key (org/<org>/cam/<camera>/<yyyy>/<mm>/<dd>/<hh>/<startMs>[-<stream>].<ext>)');
  if (parsed.orgId !== orgId) return bad(`belongs to org ${parsed.orgId}, not ${orgId}`);
  if (expected) {
    if (parsed.cameraId !== expected.cameraId) return bad(`names camera ${parsed.cameraId}, not ${expected.cameraId}`);
    if (parsed.stream !== expected.stream) return bad(`names stream ${parsed.stream}, not ${expected.stream}`);
    if (Math.abs(parsed.startsAt - expected.startsAt) > KEY_START_TOLERANCE_MS) {
      return bad(`starts at ${new Date(parsed.startsAt).toISOString()}, not at startsAt ${new Date(expected.startsAt).toISOString()}`);
    }
  }
  return parsed;
}
