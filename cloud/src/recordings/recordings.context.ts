import { contextPlugin } from '../http/context-plugin.js';
import { mediaRoutes } from './media.routes.js';
import { playbackRoutes } from './playback.routes.js';
import type { RecordingsOptions } from './recordings.options.js';
import { segmentsRoutes } from './segments.routes.js';
import { uploadsRoutes } from './uploads.routes.js';

/** Recordings: upload grants, the segment index, HLS playback, media bytes. */
export const recordingsContext = contextPlugin<RecordingsOptions>('recordings', ['argus-auth', 'argus-audit', 'argus-cameras'], uploadsRoutes, segmentsRoutes, playbackRoutes, mediaRoutes);
