/**
 * ffmpeg arguments of a live push, as pure data: the camera's main stream
 * pulled over RTSP/TCP and copied (never re-encoded) into FLV over RTMP to
 * the cloud's relay. Audio is dropped: FLV carries AAC only, and camera
 * audio is often G.711; the console's live view is silent anyway.
 * `-progress pipe:2` feeds the supervisor's stall watchdog.
 */
export function buildLivePushArgs(input: { readonly inputUrl: string; readonly pushUrl: string }): string[] {
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
