import type { FrameRate } from '../scene/scene-frames.js';
import { irIntervals } from '../scene/scene-graph.js';
import { clipBox, drawnFrames, frameOfSec, frameWaypoints, isStoppedAt, objectSize, positionAt } from '../scene/scene-path.js';
import type { SceneScript } from '../scene/scene-script.js';

/** Bumped when the ground-truth shape or its computation changes (cached files carry it in their name). */
export const GROUND_TRUTH_VERSION = 1;

/** One object's box in one frame, clipped to the picture (pixels of the main stream). */
export interface GroundTruthBox {
  readonly tSec: number;
  readonly frame: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface GroundTruthObject {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  /** First frame with any of the object inside the picture, as seconds (frame / fps). */
  readonly appearSec: number;
  /** First frame after the last one showing the object (exclusive end), as seconds. */
  readonly disappearSec: number;
  readonly appearFrame: number;
  readonly disappearFrame: number;
  /** One box per frame in which the object is visible (every frame, not only path keyframes). */
  readonly boxes: readonly GroundTruthBox[];
  /** Visible but waiting in place, [fromSec, toSec). */
  readonly stopped: ReadonlyArray<{ readonly fromSec: number; readonly toSec: number }>;
}

export type LightChangeKind = 'ir-on' | 'ir-off' | 'dim' | 'switch';

export interface GroundTruthLightChange {
  readonly kind: LightChangeKind;
  /** The first frame that shows the change, as seconds. */
  readonly atSec: number;
  readonly frame: number;
  /** Gradual changes only: when the change is complete. */
  readonly endSec?: number;
}

export interface TimeInterval {
  readonly startSec: number;
  readonly endSec: number;
}

/**
 * What a scene contains, frame-exact, written beside the encoded video.
 * Intervals are half-open [start, end) in seconds of the loop, on frame
 * boundaries (frame / fps). Derived truths (real clips: no script) have only
 * `motion`, from pixel differencing.
 */
export interface SceneGroundTruth {
  readonly version: typeof GROUND_TRUTH_VERSION;
  readonly scene: string;
  /** True when computed from pixels (a real clip), not from a scene script. */
  readonly derived: boolean;
  readonly width: number;
  readonly height: number;
  readonly fps: FrameRate;
  readonly durationSec: number;
  readonly frames: number;
  readonly objects: readonly GroundTruthObject[];
  /** Where any object is visible and moving (scripted), or where frames differ (derived). Light changes are not motion. */
  readonly motion: readonly TimeInterval[];
  readonly lightChanges: readonly GroundTruthLightChange[];
}

/** Frame runs [from, to) of the frames where `flags` is true. */
export function runsOf(flags: readonly boolean[]): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  let start = -1;
  for (let i = 0; i <= flags.length; i++) {
    const on = i < flags.length && flags[i];
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      runs.push({ from: start, to: i });
      start = -1;
    }
  }
  return runs;
}

/** Computes the ground truth of a script (pure): boxes at every frame, stops, motion and light changes. */
export function groundTruthFromScript(script: SceneScript): SceneGroundTruth {
  const fps = script.fps;
  const frames = Math.round(script.durationSec * fps);
  const sec = (frame: number): number => Number((frame / fps).toFixed(6));
  const moving: boolean[] = new Array<boolean>(frames).fill(false);
  const objects: GroundTruthObject[] = [];
  for (const object of script.objects) {
    const waypoints = frameWaypoints(object, fps);
    const { first, end } = drawnFrames(waypoints);
    const { w, h } = objectSize(object);
    const boxes: GroundTruthBox[] = [];
    const stoppedFlags: boolean[] = new Array<boolean>(frames).fill(false);
    for (let n = Math.max(0, first); n < Math.min(end, frames); n++) {
      const { x, y } = positionAt(waypoints, n);
      const box = clipBox({ x, y, w, h }, script.width, script.height);
      if (!box) continue;
      boxes.push({ tSec: sec(n), frame: n, ...box });
      if (isStoppedAt(waypoints, n)) stoppedFlags[n] = true;
      else moving[n] = true;
    }
    if (boxes.length === 0) continue; // never in the picture: nothing to see, nothing to find
    const appearFrame = boxes[0]!.frame;
    const disappearFrame = boxes.at(-1)!.frame + 1;
    objects.push({
      id: object.id,
      label: object.label,
      color: object.color,
      appearSec: sec(appearFrame),
      disappearSec: sec(disappearFrame),
      appearFrame,
      disappearFrame,
      boxes,
      stopped: runsOf(stoppedFlags).map((r) => ({ fromSec: sec(r.from), toSec: sec(r.to) })),
    });
  }
  const lightChanges: GroundTruthLightChange[] = [];
  for (const ir of irIntervals(script.light ?? [], fps, frames)) {
    if (ir.from < frames) lightChanges.push({ kind: 'ir-on', atSec: sec(ir.from), frame: ir.from });
    if (ir.to < frames) lightChanges.push({ kind: 'ir-off', atSec: sec(ir.to), frame: ir.to });
  }
  for (const light of script.light ?? []) {
    if (light.kind !== 'dim') continue;
    const from = frameOfSec(light.fromSec, fps);
    if (from < frames) lightChanges.push({ kind: 'dim', atSec: sec(from), frame: from, endSec: sec(Math.max(from + 1, frameOfSec(light.toSec, fps))) });
  }
  for (const light of script.light ?? []) {
    if (light.kind !== 'switch') continue;
    const at = frameOfSec(light.atSec, fps);
    if (at < frames) lightChanges.push({ kind: 'switch', atSec: sec(at), frame: at });
  }
  lightChanges.sort((a, b) => a.frame - b.frame);
  return {
    version: GROUND_TRUTH_VERSION,
    scene: script.name,
    derived: false,
    width: script.width,
    height: script.height,
    fps: { num: fps, den: 1 },
    durationSec: sec(frames),
    frames,
    objects,
    motion: runsOf(moving).map((r) => ({ startSec: sec(r.from), endSec: sec(r.to) })),
    lightChanges,
  };
}

/** True when `tSec` (a position within the loop) falls in one of the truth's motion intervals. */
export function isMotionAt(truth: Pick<SceneGroundTruth, 'motion'>, tSec: number): boolean {
  return truth.motion.some((m) => tSec >= m.startSec && tSec < m.endSec);
}
