/**
 * ffmpeg arguments of a live push, as pure data: the camera's main stream
 * pulled over RTSP/TCP and copied (never re-encoded) into FLV over RTMP to
 * the cloud's relay. Audio is dropped: FLV carries AAC only, and camera
 * audio is often G.711; the console's live view is silent anyway.
 * `-progress pipe:2` feeds the supervisor's stall watchdog.
 */
export function buildLivePushArgs(input: { readonly inputUrl: string; readonly pushUrl: string }): string[] {
  if (input.inputUrl === LIVE_TAP_INPUT) return buildTapPushArgs(input.pushUrl);
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-progress', 'pipe:2',
    '-rtsp_transport', 'tcp',
    // 0.2 s of analysis: the default 5 s held the first byte back ~3.3 s (measured against the
    // simulator: 3.3 s → 1.1 s, most of the rest the wait for the camera's next IDR).
    '-analyzeduration', '200000',
    '-i', input.inputUrl,
    '-map', '0:v:0', '-c:v', 'copy', '-an',
    '-f', 'flv', input.pushUrl,
  ];
}

/** The input of a push fed from the recorder's live tap (core's TsGopCache) on stdin instead of the camera. */
export const LIVE_TAP_INPUT = 'pipe:0';

/**
 * A push fed on stdin with MPEG-TS from the recorder's live tap: the newest
 * GOP at once, then live packets. Probing reads the cached GOP, which
 * arrives in one burst, so it costs no waiting; no RTSP connection, no wait
 * for the camera's next keyframe.
 */
function buildTapPushArgs(pushUrl: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-progress', 'pipe:2',
    '-f', 'mpegts', '-analyzeduration', '500000', '-probesize', '2000000',
    '-i', LIVE_TAP_INPUT,
    '-map', '0:v:0', '-c:v', 'copy', '-an',
    '-f', 'flv', pushUrl,
  ];
}
