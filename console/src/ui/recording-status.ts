/**
 * Whether a camera is recording, judged from its newest indexed segment.
 * Pure so the thresholds are testable with a fixed clock.
 */

/** Segments are 2–6 s; no new one in this long (ms) means the pipeline stalled. */
export const STALE_AFTER_MS = 30_000;

export type RecordingStatus = 'recording' | 'stale' | 'never';

export function recordingStatus(lastSegmentAt: string | null, nowMs: number): RecordingStatus {
  if (lastSegmentAt === null) return 'never';
  const lastMs = Date.parse(lastSegmentAt);
  if (Number.isNaN(lastMs)) return 'never';
  return nowMs - lastMs <= STALE_AFTER_MS ? 'recording' : 'stale';
}
