import type { LiveSessionsResponse } from '@argus/contracts';

/** One camera's live views now: viewers and bytes per second over its streams' sessions, and which streams are open. */
export interface CameraLiveUsage {
  readonly viewers: number;
  readonly bytesPerSecond: number;
  readonly streams: readonly string[];
}

/** GET /api/live/sessions folded per camera (a camera may have a main and a sub session). */
export function liveUsageByCamera(sessions: LiveSessionsResponse['sessions']): ReadonlyMap<string, CameraLiveUsage> {
  const usage = new Map<string, CameraLiveUsage>();
  for (const s of sessions) {
    const known = usage.get(s.cameraId) ?? { viewers: 0, bytesPerSecond: 0, streams: [] };
    usage.set(s.cameraId, { viewers: known.viewers + s.viewers, bytesPerSecond: known.bytesPerSecond + s.bytesPerSecond, streams: [...known.streams, s.stream].sort() });
  }
  return usage;
}

/** "2 viewers (main, sub) · 310 kB/s", or "not watched". */
export function formatLiveUsage(usage: CameraLiveUsage | undefined): string {
  if (usage === undefined) return 'not watched';
  const viewers = `${usage.viewers} viewer${usage.viewers === 1 ? '' : 's'}`;
  const rate = usage.bytesPerSecond >= 1_000_000 ? `${(usage.bytesPerSecond / 1_000_000).toFixed(1)} MB/s` : `${Math.round(usage.bytesPerSecond / 1000)} kB/s`;
  return `${viewers} (${usage.streams.join(', ')}) · ${rate}`;
}
