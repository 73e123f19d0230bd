import type { Fault, FaultKind } from './fault-spec.js';

/** A fault in force: since when, and until when if it clears by itself (epoch ms). */
export interface ActiveFault {
  readonly fault: Fault;
  readonly sinceMs: number;
  readonly untilMs: number | undefined;
}

type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/**
 * The faults of one camera (pure: the caller passes the time in). At most
 * one fault of each kind; setting a kind again replaces it (and its expiry).
 * Timed faults end at `untilMs`; `expire(now)` reports which ended so the
 * caller can undo their effect.
 */
export class CameraFaults {
  private readonly active = new Map<FaultKind, ActiveFault>();

  set(fault: Fault, nowMs: number): ActiveFault {
    const duration = 'durationMs' in fault ? fault.durationMs : undefined;
    const entry: ActiveFault = { fault, sinceMs: nowMs, untilMs: duration === undefined ? undefined : nowMs + duration };
    this.active.set(fault.kind, entry);
    return entry;
  }

  /** Returns the fault that was cleared, if any. */
  clear(kind: FaultKind): Fault | undefined {
    const entry = this.active.get(kind);
    this.active.delete(kind);
    return entry?.fault;
  }

  get<K extends FaultKind>(kind: K): FaultOf<K> | undefined {
    return this.active.get(kind)?.fault as FaultOf<K> | undefined;
  }

  has(kind: FaultKind): boolean {
    return this.active.has(kind);
  }

  /** Removes the timed faults whose time is up at `nowMs` and returns them. */
  expire(nowMs: number): Fault[] {
    const ended: Fault[] = [];
    for (const [kind, entry] of this.active) {
      if (entry.untilMs !== undefined && entry.untilMs <= nowMs) {
        this.active.delete(kind);
        ended.push(entry.fault);
      }
    }
    return ended;
  }

  /** Earliest expiry among the timed faults, epoch ms. */
  nextExpiryMs(): number | undefined {
    let next: number | undefined;
    for (const entry of this.active.values()) {
      if (entry.untilMs !== undefined && (next === undefined || entry.untilMs < next)) next = entry.untilMs;
    }
    return next;
  }

  list(): ActiveFault[] {
    return [...this.active.values()];
  }

  /** Offline and reboot both take the camera off the network. */
  get online(): boolean {
    return !this.active.has('offline') && !this.active.has('reboot');
  }

  /** Padding factor for video frames: 1 without a bitrate spike. */
  get paddingFactor(): number {
    return this.get('bitrate-spike')?.factor ?? 1;
  }

  get clockOffsetMs(): number {
    return this.get('clock-skew')?.offsetMs ?? 0;
  }
}
