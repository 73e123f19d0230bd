import { ArgusError } from '@argus/core';

/** Error catalogue of the edge agent. Codes are stable; messages are for people. */
export const EdgeErrorCode = {
  config: 'EDGE_ERR_CONFIG',
  cloudRejected: 'EDGE_ERR_CLOUD_REJECTED',
  cloudUnreachable: 'EDGE_ERR_CLOUD_UNREACHABLE',
  segmentFile: 'EDGE_ERR_SEGMENT_FILE',
  // control channel commands (control/command-handlers.ts)
  snapshot: 'EDGE_ERR_SNAPSHOT', // ffmpeg could not grab a frame
  commandArgs: 'EDGE_ERR_COMMAND_ARGS', // a command's arguments are missing or malformed
  commandUnknown: 'EDGE_ERR_COMMAND_UNKNOWN',
  unknownCamera: 'EDGE_ERR_UNKNOWN_CAMERA', // no such camera on this agent
  notSupported: 'EDGE_ERR_NOT_SUPPORTED', // e.g. live-start, not built yet
  onvif: 'EDGE_ERR_ONVIF', // the camera's ONVIF service failed or refused
  // ONVIF onboarding (adapters/onvif/onvif-errors.ts)
  onvifAuth: 'EDGE_ERR_ONVIF_AUTH', // the camera refused the username or password (or needs them)
  onvifUnreachable: 'EDGE_ERR_ONVIF_UNREACHABLE', // no answer: connection refused, reset or timed out, unknown host
  onvifUrl: 'EDGE_ERR_ONVIF_URL', // the device service URL is not an http(s) URL
  onvifNoVideo: 'EDGE_ERR_ONVIF_NO_VIDEO', // the camera has no media profile with a video resolution
} as const;

export type EdgeErrorCode = (typeof EdgeErrorCode)[keyof typeof EdgeErrorCode];

export class EdgeError extends ArgusError {
  constructor(code: EdgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EdgeError';
  }
}
