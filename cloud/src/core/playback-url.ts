/**
 * The HLS playlist that plays an event: the camera from `leadSeconds` before
 * it started to a minute after it ended (or started, while it is open).
 * Alerts (ALERT_PLAYBACK_LEAD_SECONDS) and search hits
 * (SEARCH_PLAYBACK_LEAD_SECONDS) both link to it. Pure; times in epoch ms.
 */
export function eventPlaybackUrl(cameraId: string, startedAt: number, endedAt: number | null, leadSeconds: number): string {
  const from = new Date(startedAt - leadSeconds * 1000).toISOString();
  const to = new Date(Math.max(endedAt ?? startedAt, startedAt) + 60_000).toISOString();
  return `/api/cameras/${encodeURIComponent(cameraId)}/playback.m3u8?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

/** Where the API serves a stored media object (an event's snapshot) to a signed-in caller. */
export const mediaUrl = (key: string): string => `/api/media/${key}`;
