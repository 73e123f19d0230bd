import { ArgusError } from '@argus/core';

/** Error catalogue of the edge agent. Codes are stable; messages are for people. */
export const EdgeErrorCode = {
  config: 'EDGE_ERR_CONFIG',
  cloudRejected: 'EDGE_ERR_CLOUD_REJECTED',
  cloudUnreachable: 'EDGE_ERR_CLOUD_UNREACHABLE',
  segmentFile: 'EDGE_ERR_SEGMENT_FILE',
} as const;

export type EdgeErrorCode = (typeof EdgeErrorCode)[keyof typeof EdgeErrorCode];

export class EdgeError extends ArgusError {
  constructor(code: EdgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EdgeError';
  }
}
