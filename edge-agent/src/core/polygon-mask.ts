import type { DetectionZone, Polygon } from '@argus/contracts';

/**
 * Rasterises the detection settings' polygons (normalised 0..1 picture
 * coordinates) onto the detector's pixel grid, once per settings change, so
 * the per-frame passes only read a byte (mask) or a bit set (zones) per
 * pixel. Pure.
 *
 * A pixel belongs to a polygon when its centre ((x + 0.5) / width,
 * (y + 0.5) / height) lies inside it by the even-odd rule (scanline fill:
 * each row's centre line is cut by the polygon's edges and the spans between
 * pairs of crossings are filled). Polygons may be concave or
 * self-intersecting; a polygon thinner than a pixel may cover no pixel.
 */

/** Marks the pixels inside `polygon` in `out` (row-major, `width * height`) with `value` (OR for bit sets). */
function fillPolygon(polygon: Polygon, width: number, height: number, apply: (index: number) => void, crossings: Float64Array): void {
  const n = polygon.length;
  if (n < 3) return;
  for (let y = 0; y < height; y++) {
    const cy = (y + 0.5) / height;
    let count = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = polygon[i]!;
      const [xj, yj] = polygon[j]!;
      // Half-open rule on y so a vertex exactly on the centre line is counted once.
      if (yi > cy !== yj > cy) {
        crossings[count++] = xi + ((cy - yi) * (xj - xi)) / (yj - yi);
      }
    }
    if (count < 2) continue;
    sortPrefix(crossings, count);
    for (let k = 0; k + 1 < count; k += 2) {
      // Pixel centres inside [left, right): x + 0.5 >= left * width and x + 0.5 < right * width.
      const from = Math.max(0, Math.ceil(crossings[k]! * width - 0.5));
      const to = Math.min(width - 1, Math.ceil(crossings[k + 1]! * width - 0.5) - 1);
      const row = y * width;
      for (let x = from; x <= to; x++) apply(row + x);
    }
  }
}

/** Insertion sort of the first `count` values: a row has a handful of crossings. */
function sortPrefix(values: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`raster size must be positive integers, got ${width}x${height}`);
  }
}

/**
 * 1 for every pixel inside any of `polygons` (masked: never looked at), 0
 * elsewhere. Overlapping polygons simply overlap.
 */
export function rasterizeMask(polygons: readonly Polygon[], width: number, height: number): Uint8Array {
  checkSize(width, height);
  const out = new Uint8Array(width * height);
  const crossings = new Float64Array(64 + 1);
  for (const polygon of polygons) fillPolygon(polygon, width, height, (i) => (out[i] = 1), crossings);
  return out;
}

/** Most zones one bit set per pixel can carry (DETECTION_LIMITS.zones is the same). */
export const MAX_RASTER_ZONES = 32;

/**
 * Bit `i` of a pixel is set when the pixel lies inside `zones[i]`. Zones may
 * overlap (a pixel then carries several bits).
 */
export function rasterizeZones(zones: readonly DetectionZone[], width: number, height: number): Uint32Array {
  checkSize(width, height);
  if (zones.length > MAX_RASTER_ZONES) throw new RangeError(`at most ${MAX_RASTER_ZONES} zones, got ${zones.length}`);
  const out = new Uint32Array(width * height);
  const crossings = new Float64Array(64 + 1);
  zones.forEach((zone, bit) => {
    const flag = (1 << bit) >>> 0;
    fillPolygon(zone.polygon, width, height, (i) => (out[i] = (out[i]! | flag) >>> 0), crossings);
  });
  return out;
}

/** Whether the point (normalised 0..1) lies inside `polygon` by the even-odd rule (the rasteriser's rule, without the grid). */
export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
  }
  return inside;
}

/** Names of the zones that contain the point (normalised 0..1), in the zones' order. */
export function zonesAt(x: number, y: number, zones: readonly DetectionZone[]): string[] {
  return zones.filter((z) => pointInPolygon(x, y, z.polygon)).map((z) => z.name);
}
