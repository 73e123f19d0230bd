export * from './config.js';
export * from './errors.js';
export * from './edge-agent.js';
export type { RecordedSegment } from './uploader.js';
export type { CameraState } from './recorder.js';
