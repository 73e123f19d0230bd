import { redactCredentials } from '@argus/core';
import { EdgeError, EdgeErrorCode } from '../../errors.js';
import { runFfmpegOnce } from './ffmpeg-process.js';
import { isJpeg } from './jpeg-stream.js';

/** Pure: ffmpeg arguments that read one frame of an RTSP stream and write it as JPEG to stdout. */
export function buildSnapshotArgs(url: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    '-rtsp_transport', 'tcp',
    '-i', url,
    '-frames:v', '1',
    '-an',
    '-c:v', 'mjpeg',
    '-q:v', '3',
    '-f', 'image2pipe',
    'pipe:1',
  ];
}

/**
 * Grabs one JPEG frame from `url` with ffmpeg (`-frames:v 1`), for the
 * `snapshot` command. Throws EDGE_ERR_RTSP_AUTH when the stream refuses
 * the credentials (RTSP 401), else EDGE_ERR_SNAPSHOT (credentials redacted
 * from the message) when ffmpeg fails, produces no JPEG, or takes longer
 * than `timeoutMs`.
 */
export async function grabJpeg(ffmpegPath: string, url: string, timeoutMs = 10_000): Promise<Buffer> {
  const { code, stdout, stderr, timedOut } = await runFfmpegOnce(ffmpegPath, buildSnapshotArgs(url), { timeoutMs });
  if (code !== 0 || !isJpeg(stdout)) {
    if (!timedOut && /\b401 Unauthorized\b/i.test(stderr)) {
      throw new EdgeError(EdgeErrorCode.rtspAuth, `${redactCredentials(url)} refused the username or password (RTSP 401)`);
    }
    const why = timedOut ? `no frame within ${timeoutMs} ms` : `ffmpeg exit ${code}: ${stderr.slice(0, 500) || 'no frame'}`;
    throw new EdgeError(EdgeErrorCode.snapshot, `snapshot of ${redactCredentials(url)} failed (${why})`);
  }
  return stdout;
}
