import type { HealthHistoryResponse, HealthPeriod, HealthState } from '@argus/contracts';

/**
 * A site's health history (GET /api/sites/:id/health/history): its health
 * events grouped by subject as state periods, clipped to the window. Pure.
 */

/** The state a health event's label stands for while it lasts; undefined for a label that is no health event. */
export function healthStateOf(label: string): HealthState | undefined {
  switch (label) {
    case 'camera-offline':
    case 'agent-offline':
      return 'offline';
    case 'camera-stalled':
      return 'stalled';
    case 'camera-frozen':
      return 'frozen';
    case 'storage-evicted':
      return 'evicted';
    default:
      return undefined;
  }
}

export interface HealthEventInput {
  readonly id: string;
  readonly label: string;
  readonly cameraId: string | null;
  readonly agentId: string | null;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly reason: string | null;
  readonly source: 'edge' | 'cloud';
}

/**
 * Every camera and agent named gets an entry (empty: online all along);
 * events of subjects not named are dropped. Events come oldest first and
 * keep that order; a start before `from` is clipped to it.
 */
export function groupHealthHistory(
  subjects: { readonly cameraIds: readonly string[]; readonly agentIds: readonly string[] },
  events: readonly HealthEventInput[],
  window: { readonly from: number; readonly to: number },
  truncated: boolean,
): HealthHistoryResponse {
  const cameras = new Map<string, HealthPeriod[]>(subjects.cameraIds.map((id) => [id, []]));
  const agents = new Map<string, HealthPeriod[]>(subjects.agentIds.map((id) => [id, []]));
  for (const event of events) {
    const state = healthStateOf(event.label);
    const periods = event.cameraId !== null ? cameras.get(event.cameraId) : event.agentId !== null ? agents.get(event.agentId) : undefined;
    if (state === undefined || periods === undefined) continue;
    periods.push({
      eventId: event.id,
      label: event.label,
      state,
      from: new Date(Math.max(event.startedAt, window.from)).toISOString(),
      to: event.endedAt === null ? null : new Date(event.endedAt).toISOString(),
      reason: event.reason,
      source: event.source,
    });
  }
  const list = (map: Map<string, HealthPeriod[]>) => [...map].map(([id, periods]) => ({ id, periods }));
  return { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), cameras: list(cameras), agents: list(agents), truncated };
}
