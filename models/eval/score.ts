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
 */

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
  return { precision, recall, f1, events, truth: required.length, matchedEvents, matchedTruth };
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
