import type { StreamName } from './ids.js';

/**
 * A camera as the cloud knows it. Stream URLs stay on the edge (they carry
 * credentials); the cloud only knows which streams exist.
 */
export interface Camera {
  readonly id: string;
  readonly name: string;
  readonly siteId: string;
  readonly streams: readonly StreamName[];
}
