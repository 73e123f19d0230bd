import type { RtspAuthPolicy, RtspAuthScheme, RtspCredentials } from './rtsp/rtsp-auth.js';
import type { RtspMount } from './rtsp/rtsp-mount.js';
import type { FrameSource } from './scene/scene-source.js';
import { isMotionAt, type SceneGroundTruth } from './ground-truth/ground-truth.js';
import { monotonicEpochMs, SceneTimeline } from './scene/scene-timeline.js';
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

/** RTSP URLs of a camera's streams. */
export type RtspUrls = Readonly<Record<CameraStream, string>>;

/** What a client needs to reach a camera: its RTSP URLs and its ONVIF device service URL. */
export type CameraUrls = RtspUrls & { readonly onvif: string };

/** Whether the scene shows motion at a time (epoch ms): what a camera's motion detector would report. */
export interface MotionSource {
  isMotion(nowMs: number): boolean;
}

/** Scene facts a camera is built with (simulator.ts supplies them; both optional for tests). */
export interface CameraSceneInfo {
  /** Shared with the camera's SceneSources; default: anchored at construction. */
  readonly timeline?: SceneTimeline;
  readonly groundTruth?: SceneGroundTruth;
}

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

  /** The camera's one scene timeline (main, sub and ONVIF read it); anchored at camera start. */
  readonly timeline: SceneTimeline;
  /** What the camera's scene contains (exact for scripted scenes, derived motion for clips); undefined if unknown. */
  readonly groundTruth: SceneGroundTruth | undefined;
  /** Ground-truth motion at a time (epoch ms, as Date.now()), mapped through the loop: for the ONVIF events service. */
  readonly motionSource: MotionSource;
  private readonly loop: { readonly fps: FrameSource['scene']['fps']; readonly frames: number };

  constructor(
    config: CameraConfig,
    sources: Readonly<Record<CameraStream, FrameSource>>,
    scene: CameraSceneInfo = {},
  ) {
    const camera = this;
    this.id = config.id;
    this.timeline = scene.timeline ?? new SceneTimeline(monotonicEpochMs());
    this.groundTruth = scene.groundTruth;
    this.loop = { fps: sources.main.scene.fps, frames: sources.main.scene.frames.length };
    this.motionSource = {
      isMotion: (nowMs) => (this.groundTruth ? isMotionAt(this.groundTruth, this.sceneTimeSec(nowMs)) : false),
    };
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

  /**
   * Position in the scene loop at `nowMs` (epoch ms; default now), in
   * seconds on a frame boundary: the frame the main stream shows, or would
   * show if someone watched. Uses the real clock, not the skewed one.
   */
  sceneTimeSec(nowMs: number = monotonicEpochMs()): number {
    return this.timeline.loopPositionSec(nowMs, this.loop.fps, this.loop.frames);
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
  urls(host: string, port: number): RtspUrls {
    const userinfo = this.auth
      ? `${encodeURIComponent(this.auth.credentials.username)}:${encodeURIComponent(this.auth.credentials.password)}@`
      : '';
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const url = (stream: CameraStream): string => `rtsp://${userinfo}${hostPart}:${port}/${encodeURIComponent(this.id)}/${stream}`;
    return { main: url('main'), sub: url('sub') };
  }
}
