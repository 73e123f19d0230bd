import type { ClipScore, Interval } from './score.js';

/** One clip's line of the evaluation (the JSON document's `clips[]` entry, plus what the table shows). */
export interface ClipReport {
  readonly name: string;
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly events: number;
  readonly truth: number;
  readonly detections: ReadonlyArray<{ readonly label: string; readonly start: number; readonly end: number }>;
}

export function clipReport(name: string, label: string, score: ClipScore, detections: readonly Interval[]): ClipReport {
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
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
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 7 ? 0 : r[i]!.length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
