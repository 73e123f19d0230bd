import type { HealthPeriod, HealthState } from '@argus/contracts';

/**
 * A subject's health periods as bands of a history strip: where each one
 * starts and how wide it is, in percent of the window. Pure, so it is tested
 * without a DOM.
 */
export interface HealthBand {
  readonly state: HealthState;
  /** Percent of the window from its start (pulled back when a minimum-width band would spill past the end). */
  readonly left: number;
  /** Percent of the window; at least MIN_BAND_PERCENT so a short stall stays visible. */
  readonly width: number;
  readonly open: boolean;
  readonly label: string;
  readonly reason: string | null;
  /** Epoch ms, clipped to the window. */
  readonly from: number;
  readonly to: number;
}

/** Narrowest band drawn (percent of the strip): a minute in a day would be a hair. */
export const MIN_BAND_PERCENT = 0.4;

/** Bands for `periods` in the window [from, to) (epoch ms); an open period runs to the window's end. */
export function healthBands(periods: readonly HealthPeriod[], window: { readonly from: number; readonly to: number }): HealthBand[] {
  const span = window.to - window.from;
  if (span <= 0) return [];
  const bands: HealthBand[] = [];
  for (const period of periods) {
    const from = Math.max(Date.parse(period.from), window.from);
    const to = Math.min(period.to === null ? window.to : Date.parse(period.to), window.to);
    if (!(to >= from) || from >= window.to) continue;
    const width = Math.max(((to - from) / span) * 100, MIN_BAND_PERCENT);
    // A widened band near the end moves left rather than spill past the strip (an outage that just began stays visible).
    const left = Math.min(((from - window.from) / span) * 100, 100 - width);
    bands.push({ state: period.state, left, width, open: period.to === null, label: period.label, reason: period.reason, from, to });
  }
  return bands;
}

/** Labels of a subject's health events still open (its current problems), oldest first, without repeats. */
export function openHealthLabels(periods: readonly HealthPeriod[] | undefined): string[] {
  return [...new Set((periods ?? []).filter((p) => p.to === null).map((p) => p.label))];
}
