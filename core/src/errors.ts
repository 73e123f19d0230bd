/**
 * Base of every package's error catalogue. Codes are stable and area-prefixed
 * (`CORE_ERR_*`, `EDGE_ERR_*`, `CLD_ERR_*`, `SIM_ERR_*`) so that logs, API
 * responses and tests can match on them rather than on messages.
 */
export class ArgusError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArgusError';
    this.code = code;
  }
}

export function isArgusError(value: unknown, code?: string): value is ArgusError {
  return value instanceof ArgusError && (code === undefined || value.code === code);
}
