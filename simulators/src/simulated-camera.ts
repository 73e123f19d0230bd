import type { RtspAuthPolicy, RtspAuthScheme, RtspCredentials } from './rtsp/rtsp-auth.js';
import type { RtspMount } from './rtsp/rtsp-mount.js';
import type { FrameSource } from './scene/scene-source.js';
import type { SceneInput } from './scene/scene-spec.js';

/** One simulated camera as configured. */
export interface CameraConfig {
  /** Slug (`cam-1`): it is the first path segment of the camera's URLs. */
  readonly id: string;
  /** Credentials: both or neither. Without them the camera is open. */
  readonly username?: string;
  readonly password?: string;
  /** Which challenges a 401 offers; default 'both' (Digest then Basic). */
  readonly authScheme?: RtspAuthScheme;
  /** A video file path, a full scene input, or undefined for the default scene. */
  readonly scene?: string | SceneInput;
}

/** The streams every camera serves. */
export const CAMERA_STREAMS = ['main', 'sub'] as const;
export type CameraStream = (typeof CAMERA_STREAMS)[number];

export type CameraUrls = Readonly<Record<CameraStream, string>>;

/**
 * A camera at runtime: its two mounts and its online switch. Offline, its
 * mounts refuse service (the RTSP server drops the connection), like a
 * camera that lost power or network.
 */
export class SimulatedCamera {
  readonly id: string;
  private readonly mounts: ReadonlyMap<string, RtspMount>;
  private auth: RtspAuthPolicy | undefined;
  private online = true;
  /** Added to the real clock wherever the camera tells the time (ONVIF, RTCP): the clock-skew fault. */
  private clockOffset = 0;

  constructor(
    config: CameraConfig,
    sources: Readonly<Record<CameraStream, FrameSource>>,
  ) {
    const camera = this;
    this.id = config.id;
    this.auth =
      config.username !== undefined && config.password !== undefined
        ? { credentials: { username: config.username, password: config.password }, scheme: config.authScheme ?? 'both' }
        : undefined;
    this.mounts = new Map(
      CAMERA_STREAMS.map((stream) => [
        stream,
        {
          cameraId: this.id,
          stream,
          source: sources[stream],
          // A getter: a credentials change applies to the next request at once.
          get auth() {
            return camera.auth;
          },
          isOnline: () => this.online,
        } satisfies RtspMount,
      ]),
    );
  }

  /** Sessions currently receiving frames from any of the camera's streams. */
  get playingSessions(): number {
    let count = 0;
    for (const mount of this.mounts.values()) count += mount.source.subscriberCount;
    return count;
  }

  mount(stream: string): RtspMount | undefined {
    return this.mounts.get(stream);
  }

  get isOnline(): boolean {
    return this.online;
  }

  setOnline(online: boolean): void {
    this.online = online;
  }

  /** Current credentials (RTSP and ONVIF share them); undefined when the camera is open. */
  get credentials(): RtspCredentials | undefined {
    return this.auth?.credentials;
  }

  /** Replaces the credentials (the "changed credentials" fault); undefined opens the camera. */
  setCredentials(credentials: RtspCredentials | undefined): void {
    this.auth = credentials ? { credentials, scheme: this.auth?.scheme ?? 'both' } : undefined;
  }

  get clockOffsetMs(): number {
    return this.clockOffset;
  }

  setClockOffsetMs(offsetMs: number): void {
    this.clockOffset = offsetMs;
  }

  /** The camera's own wall clock (epoch ms), skewed by the clock-skew fault. */
  nowMs(): number {
    return Date.now() + this.clockOffset;
  }

  /** RTSP URLs of both streams, with credentials in the user info (percent-encoded). */
  urls(host: string, port: number): CameraUrls {
    const userinfo = this.auth
      ? `${encodeURIComponent(this.auth.credentials.username)}:${encodeURIComponent(this.auth.credentials.password)}@`
      : '';
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const url = (stream: CameraStream): string => `rtsp://${userinfo}${hostPart}:${port}/${encodeURIComponent(this.id)}/${stream}`;
    return { main: url('main'), sub: url('sub') };
  }
}
