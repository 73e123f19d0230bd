export * from './config.js';
export * from './errors.js';
export * from './edge-agent.js';
export type { RecordedSegment } from './uploader.js';
export type { CameraState, RecorderStats } from './recorder.js';
export type { OutboxStats } from './outbox/outbox.js';
export type { DiskUsageSnapshot } from './storage/disk-guard.js';
