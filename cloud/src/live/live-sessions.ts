import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@argus/runtime';
import type { AgentsRepository } from '../agents/agents.repository.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { ControlHub } from '../control/control-hub.js';
import { CloudError } from '../errors.js';
import { LiveRelay } from './live-relay.js';

export interface LiveSessionsOptions {
  readonly hub: ControlHub;
  readonly agents: AgentsRepository;
  readonly cameras: CamerasRepository;
  readonly ffmpegPath: string;
  /** Sessions' HLS folders live under here (`<dir>/<cameraId>/`). */
  readonly dir: string;
  readonly rtmpPort: number;
  readonly rtmpBindHost: string;
  readonly rtmpPublicHost: string;
  /** No playlist request for this long → live-stop and clean up (ms). */
  readonly idleMs: number;
  /** Longest wait for the first playlist after live-start (ms). */
  readonly startTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

interface Session {
  readonly cameraId: string;
  readonly agentId: string;
  readonly relay: LiveRelay;
  watchedAt: number;
  /** Until the first playlist exists the session is never idle: its first watcher is still waiting. */
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
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: LiveSessionsOptions) {
    this.log = options.logger.child({ component: 'live-sessions' });
    this.sweeper = setInterval(() => void this.sweep(), Math.max(250, Math.min(5000, options.idleMs / 4)));
    this.sweeper.unref();
  }

  /** Camera ids with an open session. */
  active(): string[] {
    return [...this.sessions.keys()];
  }

  /** The session's playlist, opening the session first when needed; marks it watched. */
  async playlist(cameraId: string): Promise<string> {
    const session = this.sessions.get(cameraId) ?? (await this.open(cameraId));
    await session.ready;
    session.watchedAt = Date.now();
    return readFile(join(this.options.dir, cameraId, 'index.m3u8'), 'utf8');
  }

  /** A segment of an open session; undefined when there is none (or no such file). */
  async segment(cameraId: string, file: string): Promise<Buffer | undefined> {
    const session = this.sessions.get(cameraId);
    if (!session || !/^seg-\d+\.ts$/.test(file)) return undefined;
    session.watchedAt = Date.now();
    return readFile(join(this.options.dir, cameraId, file)).catch(() => undefined);
  }

  private open(cameraId: string): Promise<Session> {
    let opening = this.opening.get(cameraId);
    if (!opening) {
      opening = this.start(cameraId).finally(() => this.opening.delete(cameraId));
      this.opening.set(cameraId, opening);
    }
    return opening;
  }

  private async agentFor(cameraId: string): Promise<string> {
    const camera = await this.options.cameras.streams(cameraId);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    const candidates = (await this.options.agents.agents(camera.siteId)).map((a) => a.id).filter((id) => this.options.hub.isConnected(id));
    const connected = this.options.hub.connectedAgents();
    // The legacy agent (ARGUS_EDGE_TOKEN) may not have reported the camera yet: with one agent connected, it is the one.
    const agentId = candidates[0] ?? (connected.length === 1 ? connected[0] : undefined);
    if (!agentId) throw new CloudError('CLD_ERR_AGENT_NOT_CONNECTED', `no agent of camera ${cameraId}'s site has a control channel open`);
    return agentId;
  }

  private async start(cameraId: string): Promise<Session> {
    const agentId = await this.agentFor(cameraId);
    const dir = join(this.options.dir, cameraId);
    const relay = await LiveRelay.start({
      ffmpegPath: this.options.ffmpegPath, cameraId, dir,
      rtmpPort: this.options.rtmpPort, rtmpBindHost: this.options.rtmpBindHost, rtmpPublicHost: this.options.rtmpPublicHost,
      logger: this.options.logger,
      onEnded: () => void this.close(cameraId, 'relay ended'),
    });
    const session: Session = { cameraId, agentId, relay, watchedAt: Date.now(), starting: true, ready: Promise.resolve() };
    this.sessions.set(cameraId, session);
    session.ready = (async () => {
      const ack = await this.options.hub.command(agentId, 'live-start', { cameraId, url: relay.pushUrl }, this.options.commandTimeoutMs);
      if (!ack.ok) throw new CloudError('CLD_ERR_LIVE_FAILED', `agent ${agentId} refused live-start for ${cameraId}: ${ack.error?.code ?? 'no code'}`);
      const ready = await relay.waitForPlaylist(dir, 2, this.options.startTimeoutMs, (f) => readFile(f, 'utf8'));
      if (!ready) throw new CloudError('CLD_ERR_LIVE_TIMEOUT', `camera ${cameraId}: no live playlist within ${this.options.startTimeoutMs} ms of live-start`);
      session.starting = false;
      session.watchedAt = Date.now();
      this.log.info({ cameraId, agentId }, 'live session playing');
    })();
    session.ready.catch((err: unknown) => {
      this.log.warn({ cameraId, err }, 'live session failed to start');
      void this.close(cameraId, 'start failed');
    });
    return session;
  }

  private async close(cameraId: string, why: string): Promise<void> {
    const session = this.sessions.get(cameraId);
    if (!session) return;
    this.sessions.delete(cameraId);
    this.log.info({ cameraId, why }, 'closing live session');
    await this.options.hub.command(session.agentId, 'live-stop', { cameraId }, this.options.commandTimeoutMs)
      .catch((err: unknown) => this.log.warn({ cameraId, err }, 'live-stop not acknowledged'));
    await session.relay.stop();
    await rm(join(this.options.dir, cameraId), { recursive: true, force: true });
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      if (!s.starting && now - s.watchedAt >= this.options.idleMs) await this.close(s.cameraId, `unwatched for ${this.options.idleMs} ms`);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id, 'cloud stopping')));
  }
}
