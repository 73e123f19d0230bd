import type { ClipScore, Interval } from './score.js';

/**
 * One line of the evaluation: a clip and one label (the JSON document's
 * `clips[]` entry, plus what the tables show). Motion rows carry the scores
 * and the events; object rows (`person`, `car`, …) also carry what the
 * object stage cost on the clip.
 */
export interface ClipReport {
  readonly name: string;
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly events: number;
  readonly truth: number;
  readonly detections: ReadonlyArray<{ readonly label: string; readonly start: number; readonly end: number }>;
  /** Object rows: share of the required truth intervals that each have an event of their own (one event carried from one object to the next finds only one). */
  readonly recallOneToOne?: number;
  /** Object rows: pictures sent to the model over the clip. */
  readonly sent?: number;
  /** Object rows: the motion detector's frames (5 fps), each of which may send one picture. */
  readonly frames?: number;
  /** Object rows: sent / frames. */
  readonly sentShare?: number;
  /** Object rows: model time per picture (ms), median and 95th percentile over the clip's pictures. */
  readonly inferenceMsP50?: number;
  readonly inferenceMsP95?: number;
}

/** What the object stage did over one clip (models/eval/object-runner.ts's ObjectRun, its counts). */
export interface ObjectCost {
  readonly sent: number;
  readonly frames: number;
  /** Model time per picture (ms). */
  readonly inferenceMs: readonly number[];
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const r1 = (v: number): number => Math.round(v * 10) / 10;

export function clipReport(name: string, label: string, score: ClipScore, detections: readonly Interval[]): ClipReport {
  return {
    name,
    label,
    precision: r3(score.precision),
    recall: r3(score.recall),
    f1: r3(score.f1),
    events: score.events,
    truth: score.truth,
    detections: detections.map((d) => ({ label: d.label, start: r3(d.start), end: r3(d.end) })),
  };
}

/** An object label's row: its scores and events (`detections` of that label only) and the clip's object-stage cost. */
export function objectReport(name: string, label: string, score: ClipScore, detections: readonly Interval[], cost: ObjectCost): ClipReport {
  return {
    ...clipReport(name, label, score, detections),
    recallOneToOne: score.truth === 0 ? 1 : r3(score.matchedTruthOneToOne / score.truth),
    sent: cost.sent,
    frames: cost.frames,
    sentShare: cost.frames > 0 ? r3(cost.sent / cost.frames) : 0,
    inferenceMsP50: r1(percentile(cost.inferenceMs, 50)),
    inferenceMsP95: r1(percentile(cost.inferenceMs, 95)),
  };
}

/** The p-th percentile (0..100) by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** A plain-text table of the reports (pure). */
export function formatTable(reports: readonly ClipReport[]): string {
  const rows = reports.map((r) => [
    r.name,
    r.label,
    String(r.events),
    String(r.truth),
    r.precision.toFixed(2),
    r.recall.toFixed(2),
    r.f1.toFixed(2),
    r.detections.map((d) => `${d.start.toFixed(1)}-${d.end.toFixed(1)}`).join(' ') || '-',
  ]);
  const head = ['clip', 'label', 'events', 'truth', 'precision', 'recall', 'F1', 'events found (s)'];
  return align(head, rows, 2, true);
}

/** The object rows' extras (pure): one-to-one recall, and the clip's object stage: pictures sent of the detector's frames, model ms per picture. */
export function formatObjectRows(reports: readonly ClipReport[]): string {
  const rows = reports
    .filter((r) => r.sent !== undefined)
    .map((r) => [
      r.name,
      r.label,
      (r.recallOneToOne ?? 0).toFixed(2),
      String(r.sent),
      String(r.frames ?? 0),
      `${((r.sentShare ?? 0) * 100).toFixed(1)}%`,
      (r.inferenceMsP50 ?? 0).toFixed(0),
      (r.inferenceMsP95 ?? 0).toFixed(0),
    ]);
  if (rows.length === 0) return '';
  return align(['clip', 'label', 'recall 1:1', 'sent', 'frames', 'share sent', 'model ms p50', 'p95'], rows, 2);
}

/**
 * Columns padded to their widest cell, two spaces apart: the first `left`
 * left-aligned, the rest right-aligned; with `freeLast` the last column is
 * free text (not padded, not measured).
 */
function align(head: string[], rows: string[][], left: number, freeLast = false): string {
  const last = head.length - 1;
  const widths = head.map((h, i) => (freeLast && i === last ? 0 : Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]): string => cells.map((c, i) => (freeLast && i === last ? c : i >= left ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
