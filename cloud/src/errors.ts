import { ArgusError } from '@argus/core';
import { CLOUD_ERRORS, type CloudErrorCode } from '@argus/contracts';

/** The cloud's error catalogue lives in the contracts (codes and statuses are part of the wire). */
export { CLOUD_ERRORS, type CloudErrorCode } from '@argus/contracts';

export class CloudError extends ArgusError {
  declare readonly code: CloudErrorCode;
  readonly statusCode: number;
  /** The request field at fault (`sha256`, `from`), when there is one. */
  readonly field: string | undefined;

  constructor(code: CloudErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CloudError';
    this.statusCode = CLOUD_ERRORS[code];
    this.field = options.field;
  }
}

export function isCloudError(value: unknown, code?: CloudErrorCode): value is CloudError {
  return value instanceof CloudError && (code === undefined || value.code === code);
}
