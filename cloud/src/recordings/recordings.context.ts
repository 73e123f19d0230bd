import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { EdgeAuthHook } from '../http/edge-auth.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { SegmentsRepository } from './segments.repository.js';

/** What the recordings routes are built from (injected by app.ts). */
export interface RecordingsOptions {
  readonly orgId: string;
  readonly cameras: CamerasRepository;
  readonly segments: SegmentsRepository;
  readonly store: ObjectStore;
  readonly edgeAuth: EdgeAuthHook;
  /** Clock, epoch ms; tests fix it. */
  readonly now?: () => number;
}
