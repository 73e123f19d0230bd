/**
 * Scoring of detected events against ground-truth intervals (pure).
 *
 * - An event matches when it overlaps a truth interval of its label (both
 *   ends inclusive: an event that ends on the frame an interval starts
 *   overlaps it).
 * - precision = matching events / events; recall = truth intervals that
 *   some event overlaps / truth intervals; F1 = their harmonic mean.
 * - Nothing found and nothing to find (a scene without motion that raised
 *   no event) is perfect: with no events precision is 1 (no false alarm was
 *   raised); with no truth recall is 1 (nothing was missed). A scene without
 *   motion that raised one event scores precision 0, recall 1, F1 0.
 * - Intervals marked `optional` (motion a detector may or may not report:
 *   a person standing at a table moving only their hands) are truth for
 *   precision (an event there matches) but not for recall (missing one is no
 *   miss, and `truth` does not count them).
 * - A truth file holds intervals of several labels (`motion`, `person`,
 *   `car`, …); each label is scored on its own (scoreLabel): the motion
 *   detector's events against the `motion` intervals only, object events
 *   against the intervals of their label.
 */

/** The label of the motion detector's events and of the truth they are scored against. */
export const MOTION_LABEL = 'motion';

export interface Interval {
  readonly label: string;
  /** Seconds from the clip's start. */
  readonly start: number;
  readonly end: number;
}

export interface TruthInterval extends Interval {
  readonly optional?: boolean;
}

export interface ClipScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Events found. */
  readonly events: number;
  /** Truth intervals to find (optional ones left out). */
  readonly truth: number;
  readonly matchedEvents: number;
  readonly matchedTruth: number;
  /**
   * Required truth intervals that can each be given an event of their own
   * (a maximum one-to-one matching of overlapping pairs). Below
   * `matchedTruth` when one event spans several intervals: for motion that
   * is by design (one walk past is one event), for objects it is one track
   * carried over from one object to the next.
   */
  readonly matchedTruthOneToOne: number;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.label === b.label && a.start <= b.end && b.start <= a.end;
}

export function scoreClip(detections: readonly Interval[], truth: readonly TruthInterval[]): ClipScore {
  const required = truth.filter((t) => !t.optional);
  const events = detections.length;
  const matchedEvents = detections.filter((d) => truth.some((t) => overlaps(d, t))).length;
  const matchedTruth = required.filter((t) => detections.some((d) => overlaps(d, t))).length;
  const precision = events === 0 ? 1 : matchedEvents / events;
  const recall = required.length === 0 ? 1 : matchedTruth / required.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const matchedTruthOneToOne = oneToOne(required, detections);
  return { precision, recall, f1, events, truth: required.length, matchedEvents, matchedTruth, matchedTruthOneToOne };
}

/** Size of a maximum matching between truth intervals and the events overlapping them (augmenting paths; clips hold tens of intervals). */
function oneToOne(truth: readonly Interval[], detections: readonly Interval[]): number {
  const eventOf = new Map<number, number>(); // detection index -> truth index
  const tryAssign = (t: number, seen: Set<number>): boolean => {
    for (let d = 0; d < detections.length; d++) {
      if (seen.has(d) || !overlaps(detections[d]!, truth[t]!)) continue;
      seen.add(d);
      const holder = eventOf.get(d);
      if (holder === undefined || tryAssign(holder, seen)) {
        eventOf.set(d, t);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let t = 0; t < truth.length; t++) if (tryAssign(t, new Set())) matched++;
  return matched;
}

/** scoreClip over one label: detections and truth intervals of every other label are left out. */
export function scoreLabel(detections: readonly Interval[], truth: readonly TruthInterval[], label: string): ClipScore {
  return scoreClip(
    detections.filter((d) => d.label === label),
    truth.filter((t) => t.label === label),
  );
}

/**
 * The object labels to score for a clip: every label other than motion
 * that its truth or its object events carry, sorted. A label only the
 * events carry scores precision 0 (nothing to match), one only the truth
 * carries recall 0.
 */
export function objectLabels(truth: readonly Interval[], detections: readonly Interval[] = []): string[] {
  return [...new Set([...truth, ...detections].map((i) => i.label))].filter((l) => l !== MOTION_LABEL).sort();
}

/**
 * Parses a truth file: `{ "intervals": [ { "label": "motion", "start": <s>, "end": <s> } ] }`
 * (`optional: true` allowed; other fields, such as notes, ignored). Throws
 * with the offending field.
 */
export function parseTruth(value: unknown, origin: string): TruthInterval[] {
  const fail = (why: string): never => {
    throw new Error(`truth ${origin}: ${why}`);
  };
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { intervals?: unknown }).intervals)) fail('needs an "intervals" array');
  return (value as { intervals: unknown[] }).intervals.map((v, i) => {
    const o = (typeof v === 'object' && v !== null ? v : fail(`intervals[${i}] must be an object`)) as Record<string, unknown>;
    const label = typeof o.label === 'string' && o.label.length > 0 ? o.label : fail(`intervals[${i}].label must be a non-empty string`);
    const start = typeof o.start === 'number' && Number.isFinite(o.start) && o.start >= 0 ? o.start : fail(`intervals[${i}].start must be seconds >= 0`);
    const end = typeof o.end === 'number' && Number.isFinite(o.end) && o.end >= start ? o.end : fail(`intervals[${i}].end must be seconds >= start`);
    return { label, start, end, ...(o.optional === true ? { optional: true } : {}) };
  });
}
