/**
 * argus-sim: simulated RTSP cameras from looping video files.
 * `createSimulator` is the entry point; the rest is exported for tests and
 * for tools that want one piece (scene preparation, the H.264 parser).
 */
export { createSimulator, validateSimulatorOptions, DEFAULT_RTSP_PORT, DEFAULT_HOST } from './simulator.js';
export type { Simulator, SimulatorOptions } from './simulator.js';
export { CAMERA_STREAMS } from './simulated-camera.js';
export type { CameraConfig, CameraStream, CameraUrls } from './simulated-camera.js';
export type { RtspAuthScheme, RtspCredentials } from './rtsp/rtsp-auth.js';
export { RtspServer } from './rtsp/rtsp-server.js';
export type { RtspServerOptions } from './rtsp/rtsp-server.js';
export type { RtspMount, MountResolver } from './rtsp/rtsp-mount.js';
export { prepareScene, loadScene, DEFAULT_CACHE_DIR } from './scene/prepare-scene.js';
export type { PrepareSceneOptions, PreparedScene } from './scene/prepare-scene.js';
export { defaultSceneInput, DEFAULT_SCENE_FILE, SUB_STREAM_SIZE } from './scene/scene-spec.js';
export type { SceneInput, PictureSize } from './scene/scene-spec.js';
export { SceneSource } from './scene/scene-source.js';
export type { FrameSource, SourceFrame } from './scene/scene-source.js';
export type { SceneFrames, SceneFrame, FrameRate } from './scene/scene-frames.js';
export { SIM_ERRORS } from './simulator-errors.js';
export type { SimErrorCode } from './simulator-errors.js';
