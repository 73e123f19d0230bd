export * from './errors.js';
export * from './ids.js';
export * from './time-range.js';
export * from './segment.js';
export * from './recording-timeline.js';
export * from './hls-playlist.js';
export * from './redact.js';
export * from './camera.js';
