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
export { defaultSceneInput, DEFAULT_SCENE_FILE, SUB_STREAM_SIZE, TESTDATA_VIDEOS_DIR } from './scene/scene-spec.js';
export type { SceneInput, PictureSize } from './scene/scene-spec.js';
export { SceneSource } from './scene/scene-source.js';
export type { FrameSource, SourceFrame } from './scene/scene-source.js';
export type { SceneFrames, SceneFrame, FrameRate } from './scene/scene-frames.js';
export { SimulatedCamera } from './simulated-camera.js';
export type { MotionSource, CameraSceneInfo } from './simulated-camera.js';
export { SceneTimeline, monotonicEpochMs } from './scene/scene-timeline.js';
export { parseSceneScript, scaleSceneScript } from './scene/scene-script.js';
export type { SceneScript, SceneObject, SceneBackground, SceneRect, Waypoint, LightChange, SceneCanvasOverrides } from './scene/scene-script.js';
export { sceneScriptGraph } from './scene/scene-graph.js';
export { builtinSceneNames, loadSceneScript } from './scene/scene-library.js';
export { BUILTIN_SCENES_DIR, isBuiltinSceneName, toSceneInput } from './scene/scene-spec.js';
export { GROUND_TRUTH_VERSION, groundTruthFromScript, isMotionAt } from './ground-truth/ground-truth.js';
export type { SceneGroundTruth, GroundTruthObject, GroundTruthBox, GroundTruthLightChange, LightChangeKind, TimeInterval } from './ground-truth/ground-truth.js';
export { changedFraction, motionFlags, motionRuns, MotionFlagger, MOTION_DIFFERENCING_DEFAULTS } from './ground-truth/motion-differencing.js';
export type { MotionDifferencingOptions } from './ground-truth/motion-differencing.js';
export { deriveMotionGroundTruth } from './ground-truth/derive-motion.js';
export { prepareGroundTruth, groundTruthPath, readTruth } from './ground-truth/ground-truth-store.js';
export { OnvifServer, DEFAULT_ONVIF_PORT, deviceServiceUrl } from './onvif/onvif-server.js';
export type { OnvifServerOptions } from './onvif/onvif-server.js';
export { PullPointHub } from './onvif/onvif-events.js';
export { DiscoveryResponder, WS_DISCOVERY_PORT, WS_DISCOVERY_GROUP } from './discovery/ws-discovery-responder.js';
export type { DiscoveryResponderOptions } from './discovery/ws-discovery-responder.js';
export { endpointUuid, parseProbe } from './discovery/ws-discovery-messages.js';
export { SIM_ERRORS } from './simulator-errors.js';
export type { SimErrorCode } from './simulator-errors.js';
export { FAULT_KINDS, parseFault, parseFaultFlag } from './faults/fault-spec.js';
export type { Fault, FaultKind } from './faults/fault-spec.js';
export type { ActiveFault } from './faults/camera-faults.js';
