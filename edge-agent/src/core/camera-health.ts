import type { DetectionEvent, StreamName } from '@argus/core';

/**
 * A camera's health as events: the first fault after recording opens a
 * `camera-offline` (or `camera-stalled`, when the stream froze without
 * closing) event; a change of reason while it stays down sends an `update`;
 * the next recorded segment ends it. Start, updates and end share one id,
 * so the cloud upserts them into one event and replays change nothing.
 *
 * A frozen picture (core/freeze-detector.ts) is a second, independent
 * event, `camera-frozen`: the stream is up, so it can be open alongside an
 * outage (a frozen camera that then drops) without either hiding the other.
 * Pure: the id source and the times come from the caller.
 */
export type FaultReason = 'exited' | 'stalled' | 'refused' | 'unauthorized' | 'spawn-failed';

export const HEALTH_LABELS = { offline: 'camera-offline', stalled: 'camera-stalled', frozen: 'camera-frozen' } as const;

export interface CameraHealthOptions {
  readonly cameraId: string;
  readonly stream: StreamName;
  /** A fresh UUID per event. */
  readonly newId: () => string;
}

const DETAIL_MAX_CHARS = 200;

export class CameraHealth {
  private readonly options: CameraHealthOptions;
  private open: DetectionEvent | undefined;
  private openFrozen: DetectionEvent | undefined;

  constructor(options: CameraHealthOptions) {
    this.options = options;
  }

  /** The open health event, if the camera is down. */
  get current(): DetectionEvent | undefined {
    return this.open;
  }

  /** A run ended with a fault; `atMs` is when the stream was lost (for a stall: its last progress). */
  fault(reason: FaultReason, atMs: number, detail?: string): DetectionEvent[] {
    const attributes: Record<string, string> = { reason };
    if (detail) attributes.detail = detail.slice(0, DETAIL_MAX_CHARS);
    if (!this.open) {
      this.open = {
        id: this.options.newId(),
        phase: 'start',
        cameraId: this.options.cameraId,
        stream: this.options.stream,
        label: reason === 'stalled' ? HEALTH_LABELS.stalled : HEALTH_LABELS.offline,
        score: 1,
        zones: [],
        attributes,
        startedAt: atMs,
      };
      return [this.open];
    }
    if (this.open.attributes.reason === reason) return [];
    this.open = { ...this.open, phase: 'update', attributes };
    return [this.open];
  }

  /** The open `camera-frozen` event, while the picture is frozen. */
  get frozen(): DetectionEvent | undefined {
    return this.openFrozen;
  }

  /** The picture stopped changing at `sinceMs` (the first keyframe of the identical run). */
  froze(sinceMs: number): DetectionEvent[] {
    if (this.openFrozen) return [];
    this.openFrozen = {
      id: this.options.newId(),
      phase: 'start',
      cameraId: this.options.cameraId,
      stream: this.options.stream,
      label: HEALTH_LABELS.frozen,
      score: 1,
      zones: [],
      attributes: { reason: 'frozen' },
      startedAt: sinceMs,
    };
    return [this.openFrozen];
  }

  /** The picture changed again at `atMs`. */
  moved(atMs: number): DetectionEvent[] {
    if (!this.openFrozen) return [];
    const ended: DetectionEvent = { ...this.openFrozen, phase: 'end', endedAt: Math.max(atMs, this.openFrozen.startedAt) };
    this.openFrozen = undefined;
    return [ended];
  }

  /** The camera recorded again at `atMs` (ends an outage; a frozen picture ends only when it moves). */
  recovered(atMs: number): DetectionEvent[] {
    if (!this.open) return [];
    const ended: DetectionEvent = { ...this.open, phase: 'end', endedAt: Math.max(atMs, this.open.startedAt) };
    this.open = undefined;
    return [ended];
  }
}

/**
 * Why ffmpeg exited, from its last stderr lines: the camera refused the
 * connection (or is unreachable), refused the credentials, or something
 * else ended the stream.
 */
export function classifyExit(lastErrors: readonly string[]): Exclude<FaultReason, 'stalled' | 'spawn-failed'> {
  const text = lastErrors.join('\n');
  if (/\b401\b|unauthori[sz]ed|403 Forbidden/i.test(text)) return 'unauthorized';
  if (/connection refused|no route to host|network is unreachable|\b404\b|not found|\b503\b|connection timed out|host is down/i.test(text)) return 'refused';
  return 'exited';
}
