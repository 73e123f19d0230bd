import { parseInstant } from '@argus/core';
import { CloudError, type CloudErrorCode } from '../errors.js';

/**
 * The one reader of instants from requests: ISO 8601 with a zone, or epoch
 * milliseconds (numbers pass through). A bad value is a 400 with the given
 * code naming the field.
 */
export function instantParam(field: string, value: string | number, code: CloudErrorCode = 'CLD_ERR_VALIDATION'): number {
  if (typeof value === 'number') return value;
  try {
    return parseInstant(field, value);
  } catch (err) {
    throw new CloudError(code, (err as Error).message, { field, cause: err });
  }
}
