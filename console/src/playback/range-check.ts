import { MAX_RANGE_MS } from '@argus/contracts';
import type { TimeRange } from '../api/api-client.js';
import { ConsoleErrorCode } from '../errors.js';
import { fromDateTimeLocalValue } from '../time-format.js';

/**
 * Validation of the range typed into the playback controls. The inputs are
 * `datetime-local` (the operator's local time); ranges leave here as
 * absolute instants. The cloud refuses longer ranges than MAX_RANGE_MS
 * anyway; checking here gives a clearer message. Pure: tested without a DOM.
 */

export type RangeCheck = { ok: true; range: TimeRange } | { ok: false; code: string; message: string };

export function checkRange(fromValue: string, toValue: string): RangeCheck {
  const from = fromDateTimeLocalValue(fromValue);
  const to = fromDateTimeLocalValue(toValue);
  const bad = (message: string): RangeCheck => ({ ok: false, code: ConsoleErrorCode.BAD_RANGE, message });
  if (from === null || to === null) return bad('Enter both a start and an end time');
  if (from.getTime() >= to.getTime()) return bad('The start time must be before the end time');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
    return bad(`A playback range can be at most ${MAX_RANGE_MS / 3_600_000} hours`);
  }
  return { ok: true, range: { from, to } };
}
