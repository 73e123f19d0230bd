import type { SceneFrames } from '../scene/scene-frames.js';
import type { CameraStream } from '../simulated-camera.js';
import type { PtzPreset, PtzState } from './ptz-state.js';
import type { XmlElement } from './xml-tree.js';

/** Service endpoints of one camera, absolute URLs as clients should call them. */
export interface OnvifServiceUrls {
  readonly device: string;
  readonly media: string;
  readonly ptz: string;
  readonly events: string;
  readonly snapshot: string;
  /** Base for subscription references: `<base>/<subscriptionId>`. */
  readonly subscriptions: string;
}

/**
 * What an operation handler sees of the camera and the server. Handlers are
 * pure functions of (request element, context) → response body XML, apart
 * from the state they change through the context (PTZ, subscriptions).
 */
export interface OnvifContext {
  readonly cameraId: string;
  readonly urls: OnvifServiceUrls;
  /** The camera's clock (epoch ms, with the clock-skew fault). */
  cameraNowMs(): number;
  /** Real clock (epoch ms) for state that must not jump with the camera clock. */
  nowMs(): number;
  /** RTSP URL of a stream without credentials. */
  rtspUrl(stream: CameraStream): string;
  scene(stream: CameraStream): SceneFrames;
  /** RTSP session timeout, seconds (announced in encoder configurations). */
  readonly sessionTimeoutSeconds: number;
  ptzState(): PtzState;
  setPtzState(state: PtzState): void;
  ptzPresets(): readonly PtzPreset[];
  setPtzPresets(presets: readonly PtzPreset[]): void;
}

export type OperationHandler<C = OnvifContext> = (operation: XmlElement, context: C) => string | Promise<string>;

/** Default PTZ move timeout announced in the PTZ configuration and used when ContinuousMove has none. */
export const DEFAULT_PTZ_TIMEOUT_MS = 10_000; // used by onvif-ptz and onvif-media templates

export const PROFILE_TOKENS: Readonly<Record<CameraStream, string>> = { main: 'main', sub: 'sub' };
export const PROFILE_NAMES: Readonly<Record<CameraStream, string>> = { main: 'MainStream', sub: 'SubStream' };
export const VIDEO_SOURCE_TOKEN = 'vs-0';
export const VIDEO_SOURCE_CONFIG_TOKEN = 'vsc-0';
export const PTZ_NODE_TOKEN = 'ptz-node-0';
export const PTZ_CONFIG_TOKEN = 'ptz-0';
export const ENCODER_TOKENS: Readonly<Record<CameraStream, string>> = { main: 'vec-main', sub: 'vec-sub' };

/** Device facts every simulated camera reports. */
export const DEVICE_FACTS = {
  manufacturer: 'Argus',
  model: 'argus-sim',
  firmwareVersion: '0.1.0',
  hardwareId: 'argus-sim-hw1',
} as const;
