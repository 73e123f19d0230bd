export * from './logger.js';
export * from './ffmpeg-binaries.js';
export * from './lifecycle.js';
export * from './child-processes.js';
export * from './frame-reader.js';
export * from './read-raw-frames.js';
export * from './polling-loop.js';
