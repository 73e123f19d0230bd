export * from './config.js';
export * from './errors.js';
export * from './edge-agent.js';
export type { RecordedSegment } from './uploader.js';
export type { CameraState, RecorderStats } from './camera/recorder.js';
export type { OutboxStats } from './outbox/outbox.js';
export type { DiskUsageSnapshot } from './storage/disk-guard.js';
// The detect pipeline's pure parts, for the evaluation harness (models/eval).
export { MotionDetector, MOTION_TUNING, sensitivityParams } from './core/motion-detector.js';
export type { MotionTuning, SensitivityParams } from './core/motion-detector.js';
export { MotionEventTracker, MOTION_EVENT_TUNING } from './core/motion-events.js';
export type { MotionEventTrackerOptions, MotionEventTuning, MotionStep } from './core/motion-events.js';
export type { GreyFrame, MotionResult, MotionEventPhase, MotionDetectorOptions } from './core/motion-types.js';
export { buildDetectArgs, buildDetectFileArgs, detectFrameSize, detectFrameBytes, DETECT_SNAPSHOT_FD } from './adapters/ffmpeg/detect-args.js';
export type { DetectArgsInput, DetectFileArgsInput, PictureSize } from './adapters/ffmpeg/detect-args.js';
export type { CameraRecord } from './camera/camera-registry.js';
export type { CameraRegistry } from './camera/camera-registry.js';
export type { DetectStats, DetectState } from './camera/detect-pipeline.js';
// The object stage, for the evaluation harness and the benchmark: the same pipeline a camera runs, fed from files.
export { ObjectPipeline, createInferenceSlots } from './camera/object-pipeline.js';
export type { ObjectInference, ObjectPipelineOptions, ObjectStats, InferenceSlots, Picture } from './camera/object-pipeline.js';
export type { ObjectDetection, ObjectEventPhase } from './core/object-types.js';
export { OBJECT_TRACKER_TUNING } from './core/object-tracker.js';
export { INFERENCE_GATE_TUNING } from './core/inference-gate.js';
