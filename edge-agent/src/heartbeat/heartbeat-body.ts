import type { HeartbeatBody } from '@argus/contracts';
import type { EdgeStatus } from '../edge-agent.js';

/** The body of `POST /api/agents/heartbeat`, as the contract defines it. */
export type { HeartbeatBody } from '@argus/contracts';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const nonNegative = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) || n < 0 ? null : n);

/** Pure: the agent's status as a heartbeat. */
export function heartbeatBody(status: EdgeStatus, input: { version: string; sentAt: number; clockSkewMs: number | null }): HeartbeatBody {
  return {
    version: input.version,
    sentAt: new Date(input.sentAt).toISOString(),
    clockSkewMs: input.clockSkewMs,
    cameras: status.cameras.map((c) => ({
      id: c.id,
      state: c.state,
      fps: nonNegative(c.fps),
      bitrateKbps: c.bitrateBps === undefined ? null : nonNegative(Math.round(c.bitrateBps / 100) / 10),
      lastSegmentAt: iso(c.lastSegmentAt),
    })),
    spool: { segments: status.spool.segments, bytes: status.spool.bytes },
    disk: { freeBytes: status.disk.freeBytes === undefined ? null : Math.max(0, Math.floor(status.disk.freeBytes)) },
  };
}
