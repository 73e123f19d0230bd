/**
 * The dominant colour of an object, by name, from the pixels of its box
 * (pure): what an operator searches by ("a red car", "a person in white").
 *
 * Each pixel is named in HSV space (`colourOf`): black, white and grey by
 * value and saturation first, brown for dark or dull oranges and reds, then
 * by hue; the name most pixels carry wins. Only the inner part of the box
 * counts (`inner`, a share of its width and height): a box's edges are
 * mostly background.
 */
import { EVENT_COLOURS, type EventColour } from '@argus/contracts';

/** The names, as search filters on them (one list, in the contracts). */
export const COLOUR_NAMES = EVENT_COLOURS;
export type ColourName = EventColour;

/** The name of one colour (r, g, b in 0..255). */
export function colourOf(r: number, g: number, b: number): ColourName {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const v = max / 255;
  const s = max === 0 ? 0 : (max - min) / max;
  if (v < 0.18) return 'black';
  if (s < 0.2 || max - min < 24) {
    if (v > 0.78) return 'white';
    if (v < 0.3) return 'black';
    return 'grey';
  }
  let h: number;
  if (max === r) h = (60 * (g - b)) / (max - min);
  else if (max === g) h = 60 * (2 + (b - r) / (max - min));
  else h = 60 * (4 + (r - g) / (max - min));
  if (h < 0) h += 360;
  if (h < 15 || h >= 340) return v < 0.45 && s < 0.6 ? 'brown' : 'red';
  if (h < 42) return v < 0.6 || s < 0.45 ? 'brown' : 'orange';
  if (h < 70) return v < 0.5 ? 'brown' : 'yellow';
  if (h < 165) return 'green';
  if (h < 255) return 'blue';
  if (h < 290) return 'purple';
  return 'pink';
}

/**
 * The most frequent colour name over the inner part of an RGB (3 bytes per
 * pixel, row by row) picture of `width` x `height`; undefined for an empty
 * picture.
 */
export function dominantColour(rgb: Uint8Array, width: number, height: number, inner = 0.6): ColourName | undefined {
  if (width <= 0 || height <= 0 || rgb.length < width * height * 3) return undefined;
  const x0 = Math.floor((width * (1 - inner)) / 2);
  const y0 = Math.floor((height * (1 - inner)) / 2);
  const x1 = Math.max(x0 + 1, Math.ceil(width - x0));
  const y1 = Math.max(y0 + 1, Math.ceil(height - y0));
  const counts = new Map<ColourName, number>();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      const name = colourOf(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  let best: ColourName | undefined;
  let top = 0;
  for (const name of COLOUR_NAMES) {
    const c = counts.get(name) ?? 0;
    if (c > top) {
      top = c;
      best = name;
    }
  }
  return best;
}
