import type { Box } from '@argus/core';
import type { BestSighting, InferenceObservation, ObjectDetection, ObjectEventPhase, ObjectStep, PathPoint } from './object-types.js';

/**
 * Links the model's detections across inferences into tracked objects with
 * stable ids, and turns them into object events. Pure: observation times
 * are the only clock.
 *
 * - **Matching**: each detection goes to the track of a compatible label
 *   (`labelGroups`: a car the model calls a truck once is still that car)
 *   whose predicted box (last box moved by its last velocity) it overlaps
 *   best (IoU ≥ `matchIou`), or, failing that, whose centre is nearest within
 *   `matchDistance` of the larger box's size (objects move far between
 *   inferences a second apart). Greedy, best pairs first.
 * - **Confirmation**: a new track is a candidate until it has been seen
 *   `minHits` times within `confirmWithinMs`; only then does it count
 *   (event `start`, dated at its first sighting). A candidate that does not
 *   make it is dropped without an event.
 * - **Misses**: an inference whose region held (`missCoverage` of) a
 *   track's predicted box and found nothing for it is a miss; `maxMisses` in a row, over
 *   at least `missWindowMs`, end a confirmed track (at its last sighting); a
 *   candidate is dropped at once. A moving
 *   track not seen for `unseenMs` ends when looks at it found nothing, and
 *   becomes stationary when nobody looked (nothing moved there: motion gates
 *   the looks, so it stands still); one last seen at the
 *   picture's edge, moving towards it, after `edgeExitMs` (it walked out; with no motion left,
 *   nothing is sent to the model to notice). Matching by distance only
 *   holds for `distanceMatchMs` after a sighting: the next person walking
 *   in is a new object.
 * - **Stationary**: a confirmed track whose centre stayed within
 *   `stationaryMove` of its size for `stationaryMs` is stationary: the
 *   inference gate stops sending pictures of it (stationaryBoxes), it raises
 *   no updates, and it stays until it moves again or a look at its place no
 *   longer finds it.
 * - **Phases**: `start` on confirmation; `update` at once when a new zone is
 *   entered or the stationary state changes, else at most every
 *   `updateIntervalMs` when the score rose or the box moved; `end` as above
 *   or on finish(). Every phase carries the label, the latest box, the best
 *   score, the path (thinned to `pathPoints`), the zones entered, the dwell
 *   time and the stationary flag.
 * - **Best**: an observation that gives a track its highest score so far
 *   names the track in `best`: its picture becomes the snapshot.
 */

export interface ObjectTrackerTuning {
  /** Detections under this score are ignored. Used by observe. */
  readonly minScore: number;
  /** Least IoU between a predicted box and a detection to match. Used by matching. */
  readonly matchIou: number;
  /** Without overlap, centres this close (in sizes of the larger box) still match. Used by matching. */
  readonly matchDistance: number;
  /** Sightings that confirm a track. Used by confirmation. */
  readonly minHits: number;
  /** …within this long of its first sighting (ms). Used by confirmation. */
  readonly confirmWithinMs: number;
  /** Misses in a row that end a track… Used by misses. */
  readonly maxMisses: number;
  /** …when it has also not been seen for this long (ms): the model misses a half-hidden person now and then. Used by misses. */
  readonly missWindowMs: number;
  /** A look counts as a miss only when its region held at least this share of the object's predicted box. Used by misses. */
  readonly missCoverage: number;
  /** A moving track not looked at for this long ends (ms). Used by observe and expire. */
  readonly unseenMs: number;
  /** A track last seen at the picture's edge (within `edgeMargin`) and not since for this long has left (ms). Used by observe and expire. */
  readonly edgeExitMs: number;
  readonly edgeMargin: number;
  /** …and moving towards that edge at least this fast (picture per second)… Used by expire. */
  readonly exitSpeed: number;
  /** …and spanning less than this share of the picture along that axis. Used by expire. */
  readonly edgeSpan: number;
  /** A box is moved along its velocity for at most this long when predicting (ms). Used by matching. */
  readonly predictMs: number;
  /** Matching by distance only within this long of the last sighting; later, only by overlap (ms). Used by matching. */
  readonly distanceMatchMs: number;
  /** A track whose centre stays within this share of its box's smaller side… Used by stationary. */
  readonly stationaryMove: number;
  /** …for this long is stationary (ms). Used by stationary. */
  readonly stationaryMs: number;
  /** Fewest ms between two updates of a track (zones and stationary changes go at once). Used by phases. */
  readonly updateIntervalMs: number;
  /** The score must rise by this much to update. Used by phases. */
  readonly scoreRise: number;
  /** The box centre must move by this share of the picture to update. Used by phases. */
  readonly boxMove: number;
  /** Most points a phase's path carries. Used by phases. */
  readonly pathPoints: number;
  /** Labels that may be the same object (the model hesitates between them). Used by matching. */
  readonly labelGroups: readonly (readonly string[])[];
}

export const OBJECT_TRACKER_TUNING: ObjectTrackerTuning = Object.freeze({
  minScore: 0.4,
  matchIou: 0.1,
  matchDistance: 1.5,
  minHits: 2,
  confirmWithinMs: 5000,
  maxMisses: 3,
  missWindowMs: 4000,
  missCoverage: 0.8,
  unseenMs: 15_000,
  edgeExitMs: 2000,
  edgeMargin: 0.03,
  exitSpeed: 0.05,
  edgeSpan: 0.7,
  predictMs: 2000,
  distanceMatchMs: 3000,
  stationaryMove: 0.25,
  stationaryMs: 5000,
  updateIntervalMs: 2000,
  scoreRise: 0.05,
  boxMove: 0.05,
  pathPoints: 32,
  labelGroups: [['car', 'truck', 'bus'], ['bicycle', 'motorcycle']],
});

export interface ObjectTrackerOptions {
  /** Makes the id of each new tracked object (stable across its event's phases). */
  readonly newId: () => string;
  /** Zones containing a point (normalised); none by default. */
  readonly zonesAt?: (x: number, y: number) => readonly string[];
  readonly tuning?: Partial<ObjectTrackerTuning>;
}

interface Track {
  readonly id: string;
  /** Fixed at confirmation: the label with the highest total score so far. */
  label: string;
  readonly scores: Map<string, number>;
  readonly firstAt: number;
  lastAt: number;
  box: Box;
  /** Centre velocity between the last two sightings (picture per ms). */
  vx: number;
  vy: number;
  hits: number;
  misses: number;
  maxScore: number;
  confirmed: boolean;
  readonly path: PathPoint[];
  readonly zones: string[];
  /** Where the still window started: its centre and time. */
  stillX: number;
  stillY: number;
  stillSince: number;
  stationary: boolean;
  // What the last phase said.
  sentAt: number;
  sentScore: number;
  sentX: number;
  sentY: number;
  sentZones: number;
  sentStationary: boolean;
}

const NO_STEP: ObjectStep = Object.freeze({ phases: Object.freeze([]), best: Object.freeze([]) });

export class ObjectTracker {
  private readonly tuning: ObjectTrackerTuning;
  private readonly newId: () => string;
  private readonly zonesAt: (x: number, y: number) => readonly string[];
  private tracks: Track[] = [];

  constructor(options: ObjectTrackerOptions) {
    this.tuning = Object.freeze({ ...OBJECT_TRACKER_TUNING, ...options.tuning });
    this.newId = options.newId;
    this.zonesAt = options.zonesAt ?? (() => []);
  }

  /** Confirmed tracks now (for the gate and for tests). */
  get confirmed(): number {
    return this.tracks.filter((t) => t.confirmed).length;
  }

  /** Tracks still waiting for confirmation: the gate looks again soon. */
  get candidates(): number {
    return this.tracks.filter((t) => !t.confirmed).length;
  }

  /** Boxes of the confirmed moving tracks. */
  movingBoxes(): Box[] {
    return this.tracks.filter((t) => t.confirmed && !t.stationary).map((t) => t.box);
  }

  /** Boxes of the stationary tracks: motion inside them costs no inference. */
  stationaryBoxes(): Box[] {
    return this.tracks.filter((t) => t.stationary).map((t) => t.box);
  }

  /** Feeds one inference's result (times non-decreasing). */
  observe(observation: InferenceObservation): ObjectStep {
    const { at } = observation;
    const t = this.tuning;
    const detections = observation.detections.filter((d) => d.score >= t.minScore && d.box.width > 0 && d.box.height > 0);
    const phases: ObjectEventPhase[] = [];
    const best: BestSighting[] = [];

    // Pairs of (track, detection) by quality, best first.
    const pairs: Array<{ track: Track; detection: ObjectDetection; quality: number }> = [];
    for (const track of this.tracks) {
      const predicted = predict(track, at, t.predictMs);
      for (const detection of detections) {
        if (!this.compatible(track, detection.label)) continue;
        const overlap = iou(predicted, detection.box);
        if (overlap >= t.matchIou) {
          pairs.push({ track, detection, quality: 1 + overlap });
          continue;
        }
        // An old sighting says little about where the object went.
        if (at - track.lastAt > t.distanceMatchMs) continue;
        const size = Math.max(predicted.width, predicted.height, detection.box.width, detection.box.height);
        const distance = Math.hypot(centreX(predicted) - centreX(detection.box), centreY(predicted) - centreY(detection.box));
        if (distance <= t.matchDistance * size) pairs.push({ track, detection, quality: 1 - distance / (t.matchDistance * size) });
      }
    }
    pairs.sort((a, b) => b.quality - a.quality);
    const matchedTracks = new Set<Track>();
    const matchedDetections = new Set<ObjectDetection>();
    for (const { track, detection } of pairs) {
      if (matchedTracks.has(track) || matchedDetections.has(detection)) continue;
      matchedTracks.add(track);
      matchedDetections.add(detection);
      const improved = this.sighted(track, detection, at);
      if (track.confirmed) {
        if (improved) best.push(sighting(track));
        const phase = this.updateDue(track, at);
        if (phase) phases.push(phase);
      } else if (track.hits >= t.minHits) {
        track.confirmed = true;
        track.label = topLabel(track.scores);
        this.markSent(track, at);
        best.push(sighting(track));
        phases.push(this.phaseOf('start', track));
      }
    }

    // Misses: tracks the region covered but nothing matched.
    const survivors: Track[] = [];
    for (const track of this.tracks) {
      if (matchedTracks.has(track)) {
        survivors.push(track);
        continue;
      }
      const predicted = predict(track, at, t.predictMs);
      // A miss only where the model saw the whole object: a crop that cut it in half proves nothing.
      if (coverage(observation.region, predicted) >= t.missCoverage) track.misses++;
      const missed = track.misses >= t.maxMisses && at - track.lastAt >= t.missWindowMs;
      const expired = !track.confirmed ? at - track.firstAt > t.confirmWithinMs || track.misses >= t.maxMisses : missed || this.gone(track, at);
      if (!expired) {
        survivors.push(track);
        continue;
      }
      if (track.confirmed) phases.push(this.phaseOf('end', track, track.lastAt));
    }
    this.tracks = survivors;

    // New candidates from what matched nothing.
    for (const detection of detections) {
      if (matchedDetections.has(detection)) continue;
      const track = this.newTrack(detection, at);
      if (t.minHits <= 1) {
        track.confirmed = true;
        this.markSent(track, at);
        best.push(sighting(track));
        phases.push(this.phaseOf('start', track));
      }
      this.tracks.push(track);
    }
    return phases.length === 0 && best.length === 0 ? NO_STEP : { phases, best };
  }

  /**
   * Ends moving tracks nobody looked at for `unseenMs` and drops stale
   * candidates, at `at` (call it now and then when no inference runs: with
   * no motion, nothing is sent to the model).
   */
  expire(at: number): ObjectEventPhase[] {
    const t = this.tuning;
    const phases: ObjectEventPhase[] = [];
    this.tracks = this.tracks.filter((track) => {
      const stale = track.confirmed ? this.gone(track, at) : at - track.firstAt > t.confirmWithinMs;
      if (stale && track.confirmed) phases.push(this.phaseOf('end', track, track.lastAt));
      if (!stale && track.confirmed && !track.stationary && track.misses === 0 && at - track.lastAt > t.unseenMs) {
        // Not seen for a while, but nothing moved where it was: it stands still (and costs nothing from now on).
        track.stationary = true;
        this.markSent(track, at);
        phases.push(this.phaseOf('update', track));
      }
      return !stale;
    });
    return phases;
  }

  /** Ends every confirmed track now (the camera stopped, settings changed); forgets candidates. */
  finish(): ObjectEventPhase[] {
    const phases = this.tracks.filter((t) => t.confirmed).map((t) => this.phaseOf('end', t, t.lastAt));
    this.tracks = [];
    return phases;
  }

  /** A moving track nobody saw for `unseenMs`, or one last seen at the edge and not for `edgeExitMs`, has left. */
  private gone(track: Track, at: number): boolean {
    const t = this.tuning;
    if (track.stationary) return false;
    const unseen = at - track.lastAt;
    // Nobody looked since (misses count looks at it): nothing moved there, so it is still there, standing still.
    if (unseen > t.unseenMs) return track.misses > 0;
    // Leaving: at an edge and moving towards it (a tall person standing still touches the top edge for ever).
    const b = track.box;
    const m = t.edgeMargin;
    const v = t.exitSpeed / 1000;
    // A box that spans most of the picture along an axis touches both of its edges without leaving (a tall person
    // walking towards the camera): only boxes smaller than `edgeSpan` there leave through them.
    const span = t.edgeSpan;
    const acrossX = b.width < span;
    const acrossY = b.height < span;
    const leaving =
      (acrossX && b.x <= m && track.vx < -v) || (acrossY && b.y <= m && track.vy < -v) || (acrossX && b.x + b.width >= 1 - m && track.vx > v) || (acrossY && b.y + b.height >= 1 - m && track.vy > v);
    return leaving && unseen > t.edgeExitMs;
  }

  private compatible(track: Track, label: string): boolean {
    const own = track.confirmed ? track.label : topLabel(track.scores);
    if (own === label) return true;
    return this.tuning.labelGroups.some((group) => group.includes(own) && group.includes(label));
  }

  private newTrack(detection: ObjectDetection, at: number): Track {
    const x = centreX(detection.box);
    const y = anchorY(detection.box);
    const track: Track = {
      id: this.newId(),
      label: detection.label,
      scores: new Map([[detection.label, detection.score]]),
      firstAt: at,
      lastAt: at,
      box: detection.box,
      vx: 0,
      vy: 0,
      hits: 1,
      misses: 0,
      maxScore: detection.score,
      confirmed: false,
      path: [{ at, box: detection.box }],
      zones: [],
      stillX: centreX(detection.box),
      stillY: centreY(detection.box),
      stillSince: at,
      stationary: false,
      sentAt: at,
      sentScore: 0,
      sentX: 0,
      sentY: 0,
      sentZones: 0,
      sentStationary: false,
    };
    for (const zone of this.zonesAt(x, y)) if (!track.zones.includes(zone)) track.zones.push(zone);
    return track;
  }

  /** Records a sighting; true when it is the track's best score so far. */
  private sighted(track: Track, detection: ObjectDetection, at: number): boolean {
    const t = this.tuning;
    const dt = at - track.lastAt;
    const cx = centreX(detection.box);
    const cy = centreY(detection.box);
    if (dt > 0) {
      track.vx = (cx - centreX(track.box)) / dt;
      track.vy = (cy - centreY(track.box)) / dt;
    }
    track.box = detection.box;
    track.lastAt = at;
    track.hits++;
    track.misses = 0;
    track.scores.set(detection.label, (track.scores.get(detection.label) ?? 0) + detection.score);
    track.path.push({ at, box: detection.box });
    // A long visit keeps a bounded path: thinned evenly when it grows past four phases' worth.
    if (track.path.length > 4 * t.pathPoints) track.path.splice(0, track.path.length, ...thin(track.path, 2 * t.pathPoints));
    for (const zone of this.zonesAt(cx, anchorY(detection.box))) if (!track.zones.includes(zone)) track.zones.push(zone);
    // Stationary: the centre stayed near where the still window began, for long enough.
    // Against the box's smaller side: a tall person walking sideways moves by little of their height.
    const size = Math.min(detection.box.width, detection.box.height);
    if (Math.hypot(cx - track.stillX, cy - track.stillY) > t.stationaryMove * size) {
      track.stillX = cx;
      track.stillY = cy;
      track.stillSince = at;
      track.stationary = false;
    } else if (track.confirmed && at - track.stillSince >= t.stationaryMs) {
      track.stationary = true;
    }
    const improved = detection.score > track.maxScore;
    if (improved) track.maxScore = detection.score;
    return improved;
  }

  private updateDue(track: Track, at: number): ObjectEventPhase | undefined {
    const t = this.tuning;
    const newZone = track.zones.length > track.sentZones;
    const stationaryChanged = track.stationary !== track.sentStationary;
    const due = at - track.sentAt >= t.updateIntervalMs;
    const moved = Math.hypot(centreX(track.box) - track.sentX, centreY(track.box) - track.sentY) >= t.boxMove;
    const scored = track.maxScore >= track.sentScore + t.scoreRise;
    if (!newZone && !stationaryChanged && !(due && !track.stationary && (moved || scored))) return undefined;
    this.markSent(track, at);
    return this.phaseOf('update', track);
  }

  private phaseOf(phase: ObjectEventPhase['phase'], track: Track, endedAt?: number): ObjectEventPhase {
    return phaseOf(phase, track, this.tuning.pathPoints, endedAt);
  }

  private markSent(track: Track, at: number): void {
    track.sentAt = at;
    track.sentScore = track.maxScore;
    track.sentX = centreX(track.box);
    track.sentY = centreY(track.box);
    track.sentZones = track.zones.length;
    track.sentStationary = track.stationary;
  }
}

function sighting(track: Track): BestSighting {
  return { id: track.id, box: track.box, score: track.maxScore };
}

function phaseOf(phase: ObjectEventPhase['phase'], track: Track, pathPoints: number, endedAt?: number): ObjectEventPhase {
  return {
    phase,
    id: track.id,
    label: track.confirmed ? track.label : topLabel(track.scores),
    startedAt: track.firstAt,
    ...(endedAt === undefined ? {} : { endedAt }),
    box: track.box,
    maxScore: track.maxScore,
    path: thin(track.path, pathPoints),
    zones: [...track.zones],
    dwellMs: track.lastAt - track.firstAt,
    stationary: track.stationary,
  };
}

/** At most `max` points, evenly spread, the first and the last kept. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

function topLabel(scores: ReadonlyMap<string, number>): string {
  let label = '';
  let top = -1;
  for (const [l, s] of scores) {
    if (s > top) {
      top = s;
      label = l;
    }
  }
  return label;
}

/** The track's box moved along its velocity to `at` (for at most `maxMs`; a stationary one stays), kept within the picture. */
function predict(track: Track, at: number, maxMs: number): Box {
  const dt = Math.min(at - track.lastAt, maxMs);
  if (track.stationary || dt <= 0 || (track.vx === 0 && track.vy === 0)) return track.box;
  const x = clamp(track.box.x + track.vx * dt, -track.box.width / 2, 1 - track.box.width / 2);
  const y = clamp(track.box.y + track.vy * dt, -track.box.height / 2, 1 - track.box.height / 2);
  return { x, y, width: track.box.width, height: track.box.height };
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

const centreX = (b: Box): number => b.x + b.width / 2;
const centreY = (b: Box): number => b.y + b.height / 2;
/** Where an object stands: the bottom centre of its box (zones are drawn on the ground). */
const anchorY = (b: Box): number => b.y + b.height;

/** Share of `box` (clipped to the picture) that lies inside `region`. */
function coverage(region: Box, box: Box): number {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(1, box.x + box.width);
  const y1 = Math.min(1, box.y + box.height);
  const area = (x1 - x0) * (y1 - y0);
  if (area <= 0) return 0;
  const w = Math.min(x1, region.x + region.width) - Math.max(x0, region.x);
  const h = Math.min(y1, region.y + region.height) - Math.max(y0, region.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / area;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
