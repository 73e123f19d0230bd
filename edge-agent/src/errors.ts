import { ArgusError } from '@argus/core';
import type { EdgeErrorCode } from '@argus/contracts';

/** Error catalogue of the edge agent: the codes are wire contracts (command acks carry them). */
export { EdgeErrorCode } from '@argus/contracts';

export class EdgeError extends ArgusError {
  constructor(code: EdgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EdgeError';
  }
}
