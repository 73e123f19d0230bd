import { ArgusError } from '@argus/core';

/**
 * Error catalogue of argus-sim. Codes are stable (`SIM_ERR_*`) so tests and
 * callers match on them, never on messages.
 */
export const SIM_ERRORS = {
  /** Bad simulator or CLI configuration: detected before anything starts. */
  config: 'SIM_ERR_CONFIG',
  /** A scene input file is missing or unreadable. */
  sceneNotFound: 'SIM_ERR_SCENE_NOT_FOUND',
  /** ffprobe could not read a scene input. */
  sceneProbe: 'SIM_ERR_SCENE_PROBE',
  /** ffmpeg failed to encode a scene. */
  sceneEncode: 'SIM_ERR_SCENE_ENCODE',
  /** The encoded scene has no frames, no SPS/PPS, or does not start with an IDR. */
  sceneInvalid: 'SIM_ERR_SCENE_INVALID',
  /** An operation named a camera the simulator does not have. */
  unknownCamera: 'SIM_ERR_UNKNOWN_CAMERA',
  /** An operation needs a started simulator. */
  notStarted: 'SIM_ERR_NOT_STARTED',
  /** The RTSP server could not listen. */
  listen: 'SIM_ERR_LISTEN',
  /** A fault (library call, control API body, --fault flag) has a bad kind or parameter. */
  faultInvalid: 'SIM_ERR_FAULT_INVALID',
} as const;

export type SimErrorCode = (typeof SIM_ERRORS)[keyof typeof SIM_ERRORS];

export function simError(code: SimErrorCode, message: string, cause?: unknown): ArgusError {
  return new ArgusError(code, message, cause === undefined ? undefined : { cause });
}
