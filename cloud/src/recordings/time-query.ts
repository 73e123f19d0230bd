import { ArgusError, timeRange, type TimeRange } from '@argus/core';
import { MAX_RANGE_MS } from '@argus/contracts';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';

/**
 * The [from, to) of a query: ISO 8601 or epoch ms each; a missing `to` is
 * now, a missing `from` is `defaultSpanMs` before `to`. Throws
 * CLD_ERR_BAD_RANGE naming the field for anything unparsable, reversed or
 * longer than `maxMs` (MAX_RANGE_MS unless the route allows more).
 */
export function rangeFromQuery(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: number,
  defaultSpanMs: number,
  maxMs: number = MAX_RANGE_MS,
): TimeRange {
  const instant = (field: 'from' | 'to', value: string): number => instantParam(field, value, 'CLD_ERR_BAD_RANGE');
  const to = query.to === undefined ? now : instant('to', query.to);
  const from = query.from === undefined ? to - defaultSpanMs : instant('from', query.from);
  let range: TimeRange;
  try {
    range = timeRange(from, to);
  } catch (err) {
    if (err instanceof ArgusError) throw new CloudError('CLD_ERR_BAD_RANGE', err.message, { field: 'to', cause: err });
    throw err;
  }
  if (range.to - range.from > maxMs) {
    throw new CloudError('CLD_ERR_BAD_RANGE', `time range is longer than the maximum of ${maxMs / 3_600_000} h`, { field: 'to' });
  }
  return range;
}
