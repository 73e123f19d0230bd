import type { Logger } from '@argus/runtime';
import type { RtspCredentials } from '../rtsp/rtsp-auth.js';
import type { StreamBehaviour } from '../rtsp/rtsp-mount.js';
import { CameraFaults, type ActiveFault } from './camera-faults.js';
import type { Fault, FaultKind } from './fault-spec.js';

/** What the controller acts on for one camera (the simulator wires it to the camera and the RTSP server). */
export interface FaultTarget {
  readonly id: string;
  /** Offline also closes the camera's open connections. */
  setOnline(online: boolean): void;
  setCredentials(credentials: RtspCredentials | undefined): void;
  /** Credentials to restore when the credentials fault is cleared. */
  readonly configuredCredentials: RtspCredentials | undefined;
  setClockOffsetMs(offsetMs: number): void;
  /** The camera's own wall clock (epoch ms). */
  nowMs(): number;
}

interface CameraEntry {
  readonly target: FaultTarget;
  readonly faults: CameraFaults;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Applies faults to cameras: keeps each camera's fault state, makes the
 * side effects (offline, credentials, clock) happen on set and undoes them
 * on clear or when a timed fault runs out. Stream faults (drop-rtp, freeze,
 * bitrate-spike) have no side effect: sessions ask `behaviour(id)` per frame.
 */
export class FaultController {
  private readonly cameras = new Map<string, CameraEntry>();
  private readonly now: () => number;

  constructor(private readonly options: { readonly log: Logger; readonly now?: () => number }) {
    this.now = options.now ?? Date.now;
  }

  addCamera(target: FaultTarget): void {
    this.cameras.set(target.id, { target, faults: new CameraFaults(), timer: undefined });
  }

  set(id: string, fault: Fault): ActiveFault {
    const entry = this.entry(id);
    const active = entry.faults.set(fault, this.now());
    this.options.log.info({ cameraId: id, fault: redactFault(fault) }, 'fault set');
    this.apply(entry, fault.kind);
    this.schedule(entry);
    return active;
  }

  /** Returns false when the fault was not active. */
  clear(id: string, kind: FaultKind): boolean {
    const entry = this.entry(id);
    const cleared = entry.faults.clear(kind);
    if (!cleared) return false;
    this.options.log.info({ cameraId: id, kind }, 'fault cleared');
    this.apply(entry, kind);
    this.schedule(entry);
    return true;
  }

  list(id: string): ActiveFault[] {
    return this.entry(id).faults.list();
  }

  has(id: string, kind: FaultKind): boolean {
    return this.entry(id).faults.has(kind);
  }

  /** What the camera's sessions ask on every frame. */
  behaviour(id: string): StreamBehaviour {
    const { faults, target } = this.entry(id);
    return {
      dropMedia: () => faults.has('drop-rtp'),
      frozen: () => faults.has('freeze'),
      paddingFactor: () => faults.paddingFactor,
      wallClockMs: () => target.nowMs(),
    };
  }

  /** Cancels the timers (the simulator is stopping); faults stay as they are. */
  close(): void {
    for (const entry of this.cameras.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
    }
  }

  private entry(id: string): CameraEntry {
    const entry = this.cameras.get(id);
    if (!entry) throw new RangeError(`no camera ${id}`);
    return entry;
  }

  /** Makes the camera match its fault state for one kind. */
  private apply(entry: CameraEntry, kind: FaultKind): void {
    const { faults, target } = entry;
    switch (kind) {
      case 'offline':
      case 'reboot':
        target.setOnline(faults.online);
        break;
      case 'credentials': {
        const fault = faults.get('credentials');
        target.setCredentials(fault ? { username: fault.username, password: fault.password } : target.configuredCredentials);
        break;
      }
      case 'clock-skew':
        target.setClockOffsetMs(faults.clockOffsetMs);
        break;
      default:
        // Stream faults are read per frame through behaviour().
        break;
    }
  }

  private schedule(entry: CameraEntry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    const next = entry.faults.nextExpiryMs();
    if (next === undefined) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      for (const ended of entry.faults.expire(this.now())) {
        this.options.log.info({ cameraId: entry.target.id, kind: ended.kind }, ended.kind === 'reboot' ? 'camera back after reboot' : 'timed fault ended');
        this.apply(entry, ended.kind);
      }
      this.schedule(entry);
    }, Math.max(0, next - this.now()));
    // Timed faults must not keep a stopping process alive.
    entry.timer.unref();
  }
}

/** A fault as logged or listed: never the password. */
export function redactFault(fault: Fault): Fault {
  return fault.kind === 'credentials' ? { ...fault, password: '***' } : fault;
}
