import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamName } from '@argus/core';
import type { Logger } from '@argus/runtime';
import type { CameraAgents, OrgCamera } from '../control/camera-agents.js';
import type { ControlHub } from '../control/control-hub.js';
import { CloudError } from '../errors.js';
import { LiveRelay } from './live-relay.js';

export interface LiveSessionsOptions {
  readonly hub: ControlHub;
  /** Which agent to send live-start to. */
  readonly cameraAgents: CameraAgents;
  readonly ffmpegPath: string;
  /** Sessions' HLS folders live under here (`<dir>/<orgId>/<cameraId>/`). */
  readonly dir: string;
  readonly rtmpPort: number;
  readonly rtmpBindHost: string;
  readonly rtmpPublicHost: string;
  /** No playlist request and no WebSocket viewer for this long → live-stop and clean up (ms): the grace period after the last viewer leaves. */
  readonly idleMs: number;
  /** Longest wait for the first playlist after live-start (ms). */
  readonly startTimeoutMs: number;
  readonly commandTimeoutMs: number;
  /** This replica's id, sent as live-start's and live-stop's `relay`: an agent pushes once per replica that asks. */
  readonly relayId: string;
  readonly logger: Logger;
}

/** A camera of an organisation (camera ids are unique per organisation only), and which of its streams (default main). */
export type LiveCamera = OrgCamera & { readonly stream?: StreamName };

/** What an admin sees of an open session (GET /api/live/sessions). */
export interface LiveSessionStats {
  readonly cameraId: string;
  readonly stream: StreamName;
  /** Open WebSocket viewers (HLS viewers are not counted: a playlist poll is not a connection). */
  readonly viewers: number;
  /** Bytes per second the relay took from the edge, averaged since the session opened. */
  readonly bytesPerSecond: number;
  readonly openedAt: string;
}

/** Receives one viewer's fMP4: the init segment, then fragments. */
export interface LiveViewer {
  send(bytes: Buffer, kind: 'init' | 'fragment', keyframe: boolean): void;
  /** The session ended (push over, cloud stopping). */
  end?(): void;
}

interface Session extends LiveCamera {
  readonly key: string;
  readonly agentId: string;
  readonly stream: StreamName;
  readonly relay: LiveRelay;
  readonly openedAt: number;
  /** WebSocket viewers: while there are any, the session is watched. */
  viewers: number;
  /** The HLS playlist has its first segments (waited for once, by the first playlist request). */
  playlistReady: Promise<void> | undefined;
  watchedAt: number;
  /** Until the first keyframe arrives the session is never idle: its first watcher is still waiting. */
  starting: boolean;
  ready: Promise<void>;
}

/**
 * Live view on demand: the first watcher of a camera opens a relay and
 * commands the camera's agent to push to it (live-start); each playlist
 * request marks the session watched; a session unwatched for `idleMs` is
 * closed (live-stop). One cloud replica holds its sessions in memory.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly opening = new Map<string, Promise<Session>>();
  private readonly log: Logger;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveSessionsOptions) {
    this.log = options.logger.child({ component: 'live-sessions' });
  }

  async start(): Promise<void> {
    this.sweeper ??= setInterval(() => void this.sweep(), Math.max(250, Math.min(5000, this.options.idleMs / 4)));
    this.sweeper.unref();
  }

  /** `<orgId>/<cameraId>` of each open session. */
  active(): string[] {
    return [...this.sessions.keys()];
  }

  /** The session's playlist, opening the session first when needed; marks it watched. */
  async playlist(camera: LiveCamera): Promise<string> {
    const key = keyOf(camera);
    const session = this.sessions.get(key) ?? (await this.open(camera));
    // A request waiting for the first segments is a viewer: the sweep must not close the session under it.
    session.viewers++;
    try {
      await session.ready;
      session.playlistReady ??= session.relay.waitForPlaylist(this.dirOf(camera), 2, this.options.startTimeoutMs, (f) => readFile(f, 'utf8')).then((ready) => {
        if (!ready) throw new CloudError('CLD_ERR_LIVE_TIMEOUT', `camera ${camera.cameraId}: no live playlist within ${this.options.startTimeoutMs} ms of live-start`);
      });
      await session.playlistReady;
    } finally {
      session.viewers--;
      session.watchedAt = Date.now();
    }
    return readFile(join(this.dirOf(camera), 'index.m3u8'), 'utf8');
  }

  /**
   * Adds a WebSocket viewer of the camera's stream, opening the session
   * when needed; the viewer gets the init segment and the fragments since
   * the last keyframe at once, then every fragment. Returns its removal:
   * after the last viewer leaves the session lives `idleMs` longer (a
   * reload or a tile switching streams does not restart the push).
   */
  async watch(camera: LiveCamera, viewer: LiveViewer): Promise<() => void> {
    const session = this.sessions.get(keyOf(camera)) ?? (await this.open(camera));
    session.viewers++;
    try {
      await session.ready;
    } catch (err) {
      session.viewers--;
      throw err;
    }
    const unsubscribe = session.relay.fanout.subscribe(viewer);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      unsubscribe();
      session.viewers--;
      session.watchedAt = Date.now();
    };
  }

  /** Open sessions of an organisation, for admins. */
  stats(orgId: string, now = Date.now()): LiveSessionStats[] {
    return [...this.sessions.values()].filter((s) => s.orgId === orgId).map((s) => ({
      cameraId: s.cameraId,
      stream: s.stream,
      viewers: s.viewers,
      bytesPerSecond: Math.round(s.relay.fanout.bytesIn / Math.max(1, (now - s.openedAt) / 1000)),
      openedAt: new Date(s.openedAt).toISOString(),
    }));
  }

  /** A segment of an open session; undefined when there is none (or no such file). */
  async segment(camera: LiveCamera, file: string): Promise<Buffer | undefined> {
    const session = this.sessions.get(keyOf(camera));
    if (!session || !/^seg-\d+\.ts$/.test(file)) return undefined;
    session.watchedAt = Date.now();
    return readFile(join(this.dirOf(camera), file)).catch(() => undefined);
  }

  private dirOf(camera: LiveCamera): string {
    // Camera ids are slugs: `<id>.sub` never names another camera's folder.
    return join(this.options.dir, camera.orgId, camera.stream === 'sub' ? `${camera.cameraId}.sub` : camera.cameraId);
  }

  private open(camera: LiveCamera): Promise<Session> {
    const key = keyOf(camera);
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.startSession(camera).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  private async startSession(camera: LiveCamera): Promise<Session> {
    const { cameraId } = camera;
    const stream = camera.stream ?? 'main';
    const key = keyOf(camera);
    const agentId = await this.options.cameraAgents.agentFor(camera);
    const dir = this.dirOf(camera);
    const relay = await LiveRelay.start({
      ffmpegPath: this.options.ffmpegPath, cameraId, dir,
      rtmpPort: this.options.rtmpPort, rtmpBindHost: this.options.rtmpBindHost, rtmpPublicHost: this.options.rtmpPublicHost,
      logger: this.options.logger,
      onEnded: () => void this.close(key, 'relay ended'),
    });
    const session: Session = { key, orgId: camera.orgId, cameraId, stream, agentId, relay, openedAt: Date.now(), viewers: 0, playlistReady: undefined, watchedAt: Date.now(), starting: true, ready: Promise.resolve() };
    this.sessions.set(key, session);
    session.ready = (async () => {
      // An older agent knows no `stream` and pushes main: main is sent without it (`relay` it ignores: one push per stream).
      const ack = await this.options.hub.command(agentId, 'live-start', { cameraId, url: relay.pushUrl, relay: this.options.relayId, ...(stream === 'main' ? {} : { stream }) }, this.options.commandTimeoutMs);
      if (!ack.ok) throw new CloudError('CLD_ERR_LIVE_FAILED', `agent ${agentId} refused live-start for ${cameraId}: ${ack.error?.code ?? 'no code'}`);
      // Ready at the first keyframe: WebSocket viewers start there; the HLS playlist is waited for by its first request.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), this.options.startTimeoutMs); });
      const ready = await Promise.race([relay.fanout.whenReady().then(() => relay.fanout.ready), timedOut]).finally(() => clearTimeout(timer));
      if (!ready) throw new CloudError('CLD_ERR_LIVE_TIMEOUT', `camera ${cameraId}: no live video within ${this.options.startTimeoutMs} ms of live-start`);
      session.starting = false;
      session.watchedAt = Date.now();
      this.log.info({ cameraId, stream, agentId, readyMs: Date.now() - session.openedAt }, 'live session playing');
    })();
    session.ready.catch((err: unknown) => {
      this.log.warn({ cameraId, err }, 'live session failed to start');
      void this.close(key, 'start failed');
    });
    return session;
  }

  private async close(key: string, why: string): Promise<void> {
    const session = this.sessions.get(key);
    if (!session) return;
    const { cameraId, stream } = session;
    this.sessions.delete(key);
    this.log.info({ cameraId, stream, orgId: session.orgId, why }, 'closing live session');
    await this.options.hub.command(session.agentId, 'live-stop', { cameraId, relay: this.options.relayId, ...(stream === 'main' ? {} : { stream }) }, this.options.commandTimeoutMs)
      .catch((err: unknown) => {
        // An agent gone from the cloud has stopped its pushes with its channel: nothing is left running.
        if (err instanceof CloudError && err.code === 'CLD_ERR_AGENT_NOT_CONNECTED') this.log.info({ cameraId, agentId: session.agentId }, 'live-stop skipped: agent not connected');
        else this.log.warn({ cameraId, err }, 'live-stop not acknowledged');
      });
    await session.relay.stop();
    await rm(this.dirOf(session), { recursive: true, force: true });
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      if (!s.starting && s.viewers === 0 && now - s.watchedAt >= this.options.idleMs) await this.close(s.key, `unwatched for ${this.options.idleMs} ms`);
    }
  }

  /** Sends live-stop for every session (while the control channels are still open) and removes their files; idempotent. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id, 'cloud stopping')));
  }
}

/** `<orgId>/<cameraId>` for main (as before streams were chosen), `<orgId>/<cameraId>/sub` for sub. */
const keyOf = (camera: LiveCamera): string => `${camera.orgId}/${camera.cameraId}${camera.stream === 'sub' ? '/sub' : ''}`;
