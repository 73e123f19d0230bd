import { createHash } from 'node:crypto';

/**
 * The health checker's decisions, as a pure function of what the cloud knows
 * (times are epoch ms, on the cloud's clock). No I/O: the checker feeds it
 * rows and applies what it returns.
 */
export type HealthEventKind = 'camera-offline' | 'agent-offline';

/** The only recorder state that counts as healthy. */
export const HEALTHY_CAMERA_STATE = 'recording';

export interface HealthRulesConfig {
  readonly cameraGraceMs: number;
  readonly agentGraceMs: number;
}

export interface CameraObservation {
  readonly id: string;
  readonly siteId: string;
  /** Newest segment end known: indexed by the cloud or reported by the edge. */
  readonly lastSegmentAt: number | null;
  /** Last reported recorder state; null when no agent has reported this camera. */
  readonly state: string | null;
  readonly stateSince: number | null;
  readonly createdAt: number;
}

export interface AgentObservation {
  readonly id: string;
  readonly siteId: string | null;
  readonly lastSeenAt: number | null;
  readonly createdAt: number;
}

/** A health event that has started and not ended. */
export interface OpenOutage {
  readonly eventId: string;
  readonly kind: HealthEventKind;
  readonly subjectId: string;
}

export interface Outage {
  /** When the subject was last known healthy: the outage's start. */
  readonly since: number;
  readonly reason: string;
}

export type HealthAction =
  | { readonly type: 'start'; readonly eventId: string; readonly kind: HealthEventKind; readonly subjectId: string; readonly siteId: string | null; readonly since: number; readonly reason: string }
  | { readonly type: 'end'; readonly outage: OpenOutage; readonly endedAt: number };

export interface HealthInput {
  readonly now: number;
  /**
   * When this cloud started watching. Silence from before (the cloud itself
   * was down) is not held against anyone until a full grace period has
   * passed with the cloud up, so a cloud restart raises no false outages.
   */
  readonly watchingSince: number;
  readonly config: HealthRulesConfig;
  readonly cameras: readonly CameraObservation[];
  readonly agents: readonly AgentObservation[];
  readonly open: readonly OpenOutage[];
}

/** Why and since when a camera is offline, or undefined when it is online. */
export function cameraOutage(camera: CameraObservation, now: number, graceMs: number, watchingSince = Number.NEGATIVE_INFINITY): Outage | undefined {
  const lastSign = camera.lastSegmentAt ?? camera.createdAt;
  if (now - Math.max(lastSign, watchingSince) > graceMs) {
    return { since: lastSign, reason: camera.lastSegmentAt === null ? 'no-segment-yet' : 'no-recent-segment' };
  }
  if (camera.state !== null && camera.state !== HEALTHY_CAMERA_STATE && camera.stateSince !== null) {
    if (now - Math.max(camera.stateSince, watchingSince) > graceMs) return { since: camera.stateSince, reason: `state-${camera.state}` };
  }
  return undefined;
}

export function agentOutage(agent: AgentObservation, now: number, graceMs: number, watchingSince = Number.NEGATIVE_INFINITY): Outage | undefined {
  const lastSign = agent.lastSeenAt ?? agent.createdAt;
  if (now - Math.max(lastSign, watchingSince) > graceMs) return { since: lastSign, reason: agent.lastSeenAt === null ? 'never-seen' : 'no-heartbeat' };
  return undefined;
}

/**
 * Event id of an outage: derived from what it is about and when it began,
 * so two cloud replicas checking at once write the same row instead of two.
 * UUID-shaped like the edge's ids.
 */
export function outageEventId(kind: HealthEventKind, subjectId: string, since: number): string {
  const h = createHash('sha256').update(`${kind}/${subjectId}/${since}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * One pass: start an outage for every subject that is offline and has none
 * open, end every open outage whose subject is back. At most one open
 * outage per subject and kind.
 */
export function decideHealth(input: HealthInput): HealthAction[] {
  const { now, watchingSince, config } = input;
  const openBy = new Map(input.open.map((o) => [`${o.kind}/${o.subjectId}`, o]));
  const actions: HealthAction[] = [];
  const judge = (kind: HealthEventKind, subjectId: string, siteId: string | null, outage: Outage | undefined): void => {
    const open = openBy.get(`${kind}/${subjectId}`);
    openBy.delete(`${kind}/${subjectId}`);
    if (outage && !open) {
      actions.push({ type: 'start', eventId: outageEventId(kind, subjectId, outage.since), kind, subjectId, siteId, since: outage.since, reason: outage.reason });
    } else if (!outage && open) {
      actions.push({ type: 'end', outage: open, endedAt: now });
    }
  };
  for (const camera of input.cameras) judge('camera-offline', camera.id, camera.siteId, cameraOutage(camera, now, config.cameraGraceMs, watchingSince));
  for (const agent of input.agents) judge('agent-offline', agent.id, agent.siteId, agentOutage(agent, now, config.agentGraceMs, watchingSince));
  return actions;
}
