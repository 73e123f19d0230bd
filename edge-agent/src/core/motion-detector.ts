import type { Box } from '@argus/core';
import type { GreyFrame, MotionDetectorOptions, MotionResult } from './motion-types.js';
import { rasterizeMask, rasterizeZones } from './polygon-mask.js';

/**
 * Motion detector of one camera: grey frames in (ffmpeg decodes and scales
 * the detect stream, adapters/ffmpeg/detect-args.ts), one MotionResult per
 * frame out. Pure and synchronous; every buffer is allocated in the
 * constructor, so the per-pixel passes allocate nothing (each call returns
 * one small result object). docs/detection.md has the reasoning, the
 * defaults and the measurements.
 *
 * Per frame:
 *
 * 1. a 3x3 binomial blur (Frigate blurs with sigma 1, radius 1);
 * 2. tone compensation: a monotone piecewise-linear map sends the frame's
 *    5/25/50/75/95 % grey levels onto the background's, measured over
 *    unmasked pixels that were not moving in the previous frame. A global,
 *    order-preserving light change (dusk, a light switch, exposure control,
 *    the IR switch's brightness step, a fade) is absorbed at once, whatever
 *    its speed. Crushed blacks and blown whites (lights off, a brightness
 *    step) carry no picture: such pixels only say the background is among
 *    the darkest (brightest) levels, and are compared with that range;
 * 3. absolute difference against a running-average background (Float32);
 * 4. per-pixel threshold = the largest of: the sensitivity threshold in
 *    contrast-normalised units (Frigate's "improve contrast" stretches the
 *    4..96 % grey levels to 0..255; here the threshold is scaled instead of
 *    the pixels), a multiple of the measured noise, a multiple of the
 *    pixel's own learned flicker, half the background's local 3x3 range
 *    (a pixel's shift of the view must not count), and an absolute floor;
 * 5. one 3x3 dilation, then 8-connected regions; a region counts when it is
 *    large enough (sensitivity) and still changing (it differs from the
 *    picture of a moment ago, not only from the background): something that
 *    stopped, the ghost of something that left and a slow drift of the view
 *    are not motion, and the background absorbs them within seconds; masks
 *    are never looked at; the zones a counted region touches are reported;
 * 6. global-change guard: when the changed share of the picture exceeds
 *    `globalChangeShare`, or the picture's contrast collapses or jumps (a
 *    fade to black, a covered lens, lights on in the dark), the background
 *    is re-learned from this frame and no motion is reported until the
 *    picture has been calm for `settleMs`; after a sudden light step the
 *    tone map absorbed, motion stays quiet for `stepQuietMs`;
 * 7. background learning: still pixels at `backgroundSeconds`, moving pixels
 *    `movingSlowdown` times slower, stationary changes within seconds.
 */

/** Tuning that is not per camera. Every default names who uses it. */
export interface MotionTuning {
  /** Time constant of background learning for still pixels (s). Frigate: frame alpha 0.01 at 5 fps = 20 s. Used by the background update. */
  readonly backgroundSeconds: number;
  /** Moving pixels learn this many times slower. Used by the background update. */
  readonly movingSlowdown: number;
  /** Changed share of the unmasked picture above which the change is global (lights, not motion). Used by the guard. */
  readonly globalChangeShare: number;
  /** Picture contrast (25..75 % grey-level spread) differing from the background's by more than this factor is a global change. Used by the guard. */
  readonly contrastJump: number;
  /** Inner grey levels moving by more than this share of the picture's spread from one frame to the next is a sudden light change. Used by the guard. */
  readonly lightStep: number;
  /** After a sudden light step the tone map absorbed, motion stays off this long (ms). Used by the guard. */
  readonly stepQuietMs: number;
  /** After a global change, motion stays off until the picture has been calm this long (ms). Used by the guard. */
  readonly settleMs: number;
  /** Longest a global change may keep motion off (ms): a flickering light must not blind the camera. Used by the guard. */
  readonly maxSettleMs: number;
  /** Threshold floor in noise units (robust sigma of the difference image). Used by the threshold. */
  readonly noiseFactor: number;
  /** A pixel must change by this many of its own standard deviations (learned while it is still). Used by the threshold. */
  readonly pixelNoiseFactor: number;
  /** Threshold floor near edges of the background: this share of the 3x3 neighbourhood's range (a pixel's shift changes a level by up to that range). Used by the threshold. */
  readonly edgeFactor: number;
  /** Time constant of the per-pixel variance (s). Used by the background update. */
  readonly varianceSeconds: number;
  /** Time constant of the recent average a change must still differ from to be motion (s). Used by the regions. */
  readonly recentSeconds: number;
  /** A changed pixel is still changing when it differs from the recent average by this share of its difference from the background. Used by the regions. */
  readonly freshRatio: number;
  /** A region is motion when at least this share of the minimum area is still changing. Used by the regions. */
  readonly freshShare: number;
  /** A moving pixel that stays near its recent average this long is a stationary change (s). Used by the background update. */
  readonly stationarySeconds: number;
  /** Time constant at which stationary changes are absorbed (s). Used by the background update. */
  readonly stationaryLearnSeconds: number;
  /** Absolute threshold floor (grey levels). Used by the threshold. */
  readonly minThreshold: number;
  /** Blur the frame (3x3 binomial) before comparing. Used by the first pass. */
  readonly blur: boolean;
}

export const MOTION_TUNING: MotionTuning = Object.freeze({
  backgroundSeconds: 20,
  movingSlowdown: 4,
  globalChangeShare: 0.6,
  contrastJump: 3,
  lightStep: 0.25,
  stepQuietMs: 600,
  settleMs: 1000,
  maxSettleMs: 10_000,
  noiseFactor: 4,
  pixelNoiseFactor: 4,
  edgeFactor: 0.5,
  varianceSeconds: 10,
  recentSeconds: 1,
  freshRatio: 0.3,
  freshShare: 0.25,
  stationarySeconds: 2,
  stationaryLearnSeconds: 1,
  minThreshold: 3,
  blur: true,
});

/** What one sensitivity value means, at the detector's resolution-independent scale. */
export interface SensitivityParams {
  /** Threshold in contrast-normalised grey levels (background's 4..96 % stretched to 0..255). Frigate default: 30. */
  readonly threshold: number;
  /** Smallest region (after dilation) that counts, as a share of the picture. */
  readonly minAreaShare: number;
}

/**
 * Sensitivity 0..1 to threshold and minimum area, geometric around Frigate's
 * defaults at 0.5 (threshold 30; contour area 10 at 100 px high, which is a
 * dilated blob of ~20 px of 178x100, 0.1 % of the picture): each step of
 * 0.5 doubles (halves) the threshold and quadruples (quarters) the area.
 *   0 → 60 levels, 0.4 %;  0.5 → 30, 0.1 %;  1 → 15, 0.025 %.
 */
export function sensitivityParams(sensitivity: number): SensitivityParams {
  const s = Math.min(1, Math.max(0, sensitivity));
  return {
    threshold: 30 * 2 ** (1 - 2 * s),
    minAreaShare: 0.001 * 4 ** (1 - 2 * s),
  };
}

/** The tone map's anchor quantiles. */
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const CONTRAST_LOW = 0.04; // Frigate's improve-contrast percentiles, used by the threshold
const CONTRAST_HIGH = 0.96;
const MAX_SLOPE = 8; // tone-map segment slopes are kept within [1/8, 8]
const BLUR_LEVELS = 16 * 255 + 1; // the 3x3 binomial blur sums 16 weighted pixels
const NOISE_BINS = 256; // |difference| histogram: quarter-level bins up to 64 levels
const NOISE_BIN_WIDTH = 0.25;
const NO_REGIONS: readonly string[] = Object.freeze([]);
const WARMUP_FRAMES = 10; // frames during which the noise estimate follows quickly
const MIN_REGION_CHANGED = 3; // a region needs this many changed pixels, whatever the resolution: one or two are noise
const LABEL_WRAP = 1 << 30; // label stamps restart (with one clearing) past this
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1; // the word-wise dilation assumes it
const CLIP_SHARE = 0.01; // a frame's darkest (brightest) level holding this share of it is clipped
const CLIP_MARGIN = 4; // raw levels within this of a clipped level count as clipped

/** What fitToneMap saw: no light change, a sudden one the map absorbs, or a contrast change it must not bridge. */
type LightChange = 0 | 1 | 2;
const LIGHT_NONE: LightChange = 0;
const LIGHT_STEP: LightChange = 1;
const LIGHT_CONTRAST: LightChange = 2;

export class MotionDetector {
  readonly width: number;
  readonly height: number;
  private readonly pixels: number;
  private readonly tuning: MotionTuning;
  private readonly threshold: number;
  private readonly minAreaPx: number;
  private readonly fps: number;

  // Rasterised settings.
  private readonly mask: Uint8Array; // 1 = ignored
  private readonly zoneBits: Uint32Array | undefined;
  private readonly zoneNames: readonly string[];
  private readonly unmasked: number;
  private readonly sampledUnmasked: number; // unmasked pixels among those the histograms sample

  // Per-frame buffers (preallocated).
  private readonly tmp: Uint16Array; // horizontal blur pass (x4)
  private readonly cur: Uint16Array; // blurred frame in sixteenths of a camera grey level (0..4080)
  private readonly mapped: Float32Array; // blurred frame, tone-mapped to the background's levels
  private readonly recent: Float32Array; // short running average of `mapped` (recentSeconds): what the picture was a moment ago
  private readonly background: Float32Array;
  private readonly variance: Float32Array; // per-pixel variance of still pixels around the background
  private readonly stable: Uint16Array; // frames a moving pixel has stayed near its recent average (a stationary change)
  private readonly changed: Uint8Array; // thresholded difference against the background
  private readonly fresh: Uint8Array; // changed pixels that also differ from the recent average (a change still under way)
  private readonly clipped: Uint8Array; // 1 where the 3x3 neighbourhood holds a crushed or blown pixel
  private readonly rowMax: Uint8Array; // horizontal dilation pass
  private readonly moving: Uint8Array; // dilated: this frame's motion mask (the previous frame's at the start of detect)
  private readonly labels: Int32Array;
  // 32-bit views of the byte masks for the dilation, when rows are whole words.
  private readonly words: { changedWords: Uint32Array; rowMaxWords: Uint32Array; movingWords: Uint32Array } | undefined;
  private readonly verdicts: Uint8Array; // per region label: 0 noise, 1 motion, 2 stationary
  private readonly stack: Int32Array;
  private readonly histFrame = new Uint32Array(256);
  private readonly histBackground = new Uint32Array(256);
  private readonly histNoise = new Uint32Array(NOISE_BINS + 1);
  private readonly lut = new Float32Array(BLUR_LEVELS); // tone map of every blurred level (sixteenths), clamped to 0..255
  private readonly frameQ = new Float64Array(QUANTILES.length);
  private readonly backgroundQ = new Float64Array(QUANTILES.length);
  private readonly previousQ = new Float64Array(QUANTILES.length); // the previous frame's frameQ
  private readonly zoneLists = new Map<number, readonly string[]>();

  // State.
  private initialised = false;
  private sigma = 2; // robust noise of the difference image (grey levels)
  private low = 0; // background's 4 % grey level (contrast normalisation)
  private high = 255; // background's 96 % grey level
  // Clipped levels of this frame (crushed blacks, blown whites) and the background levels they stand for.
  private crushedRaw = -1; // raw levels at or below this are crushed (-1: none)
  private blownRaw = 256; // raw levels at or above this are blown (256: none)
  private crushedBelow = -1;
  private crushedLo = 0;
  private crushedHi = 0;
  private blownAbove = 256;
  private blownLo = 255;
  private blownHi = 255;
  private settling = false;
  private settleSince = 0;
  private calmSince = 0;
  private quietUntil = Number.NEGATIVE_INFINITY;
  private warmup = 0;
  private labelBase = 0; // labels above this belong to the current frame
  private havePrevious = false;
  private lastRatio = 1; // frame / background contrast of the last fit
  private lastGain = 1; // overall slope of the last tone map

  constructor(options: MotionDetectorOptions & { readonly tuning?: Partial<MotionTuning> }) {
    const { width, height, settings } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8) {
      throw new RangeError(`frame size must be integers of at least 8x8, got ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.pixels = width * height;
    this.tuning = Object.freeze({ ...MOTION_TUNING, ...options.tuning });
    const params = sensitivityParams(settings.sensitivity);
    this.threshold = params.threshold;
    this.minAreaPx = Math.max(2, Math.round(params.minAreaShare * this.pixels));
    this.fps = settings.fps > 0 ? settings.fps : 5;

    this.mask = rasterizeMask(settings.masks, width, height);
    let unmasked = 0;
    for (let i = 0; i < this.pixels; i++) if (this.mask[i] === 0) unmasked++;
    this.unmasked = unmasked;
    let sampled = 0;
    for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) if (this.mask[y * width + x] === 0) sampled++;
    this.sampledUnmasked = sampled;
    this.zoneBits = settings.zones.length > 0 ? rasterizeZones(settings.zones, width, height) : undefined;
    this.zoneNames = settings.zones.map((z) => z.name);

    const n = this.pixels;
    this.tmp = new Uint16Array(n);
    this.cur = new Uint16Array(n);
    this.mapped = new Float32Array(n);
    this.recent = new Float32Array(n);
    this.background = new Float32Array(n);
    this.variance = new Float32Array(n);
    this.stable = new Uint16Array(n);
    this.changed = new Uint8Array(n);
    this.fresh = new Uint8Array(n);
    this.clipped = new Uint8Array(n);
    this.rowMax = new Uint8Array(n);
    this.moving = new Uint8Array(n);
    this.labels = new Int32Array(n);
    this.words =
      width % 4 === 0 && LITTLE_ENDIAN
        ? {
            changedWords: new Uint32Array(this.changed.buffer),
            rowMaxWords: new Uint32Array(this.rowMax.buffer),
            movingWords: new Uint32Array(this.moving.buffer),
          }
        : undefined;
    this.verdicts = new Uint8Array(n + 1);
    this.stack = new Int32Array(n);
  }

  /** Forgets the background: the next frame starts learning afresh (a new stream, a moved camera). */
  reset(): void {
    this.initialised = false;
    this.settling = false;
    this.havePrevious = false;
    this.quietUntil = Number.NEGATIVE_INFINITY;
    this.moving.fill(0);
  }

  detect(frame: GreyFrame): MotionResult {
    if (frame.width !== this.width || frame.height !== this.height || frame.data.length < this.pixels) {
      throw new RangeError(`frame is ${frame.width}x${frame.height} (${frame.data.length} bytes), detector expects ${this.width}x${this.height}`);
    }
    this.smooth(frame.data);
    if (!this.initialised || this.unmasked === 0) {
      // The first picture is the background; motion counts from the next one (a restarted decoder may join mid-walk).
      this.copyBlurred(this.background);
      this.copyBlurred(this.recent);
      this.variance.fill(this.sigma * this.sigma);
      this.stable.fill(0);
      this.moving.fill(0);
      this.initialised = true;
      this.lastGain = 1;
      this.warmup = WARMUP_FRAMES;
      return still(false);
    }

    const light = this.fitToneMap();
    this.markClipped(frame.data);
    const threshold = Math.max((this.threshold * (this.high - this.low)) / 255, this.tuning.noiseFactor * this.sigma, this.tuning.minThreshold);
    const changedCount = this.difference(threshold);
    this.dilate();
    const share = changedCount / this.unmasked;

    if (light === LIGHT_CONTRAST || share > this.tuning.globalChangeShare) {
      // The picture changed as a whole in a way no tone map explains (IR imagery, light from one side, a fade to
      // black, lightning): re-learn it from this frame instead of alerting.
      this.relearn(frame.at);
      return still(true);
    }
    if (this.settling) {
      // While settling, learn fast and stay quiet until the picture has been calm for settleMs.
      if (share > this.tuning.globalChangeShare / 4) this.calmSince = frame.at;
      this.moving.fill(0);
      this.learn(0.3, 0.3, 0, threshold);
      const calm = frame.at - this.calmSince >= this.tuning.settleMs;
      const tooLong = frame.at - this.settleSince >= this.tuning.maxSettleMs;
      if (calm || tooLong) this.settling = false;
      this.updateNoise(0.2);
      return still(true);
    }
    // A sudden light step the tone map absorbed (a switch, exposure control): its first frames carry encoder and
    // clipping artefacts, so motion stays quiet for a moment, while the background keeps learning as usual.
    if (light === LIGHT_STEP) this.quietUntil = frame.at + this.tuning.stepQuietMs;

    const regions = this.findRegions();
    // The noise estimate starts from a guess: it follows the first frames quickly.
    this.updateNoise(this.warmup > 0 ? 0.3 : 0.05);
    const alpha = 1 - Math.exp(-1 / (this.fps * this.tuning.backgroundSeconds));
    const varianceRate = this.warmup > 0 ? 0.3 : 1 - Math.exp(-1 / (this.fps * this.tuning.varianceSeconds));
    this.learn(alpha, alpha / this.tuning.movingSlowdown, varianceRate, threshold);
    if (this.warmup > 0) this.warmup--;
    return frame.at < this.quietUntil ? still(true) : regions;
  }

  /** 3x3 binomial blur (or a plain copy) of the frame into `cur`, in integers (sixteenths); edges repeat the border pixel. */
  private smooth(data: Uint8Array): void {
    const { width: w, height: h, cur, tmp } = this;
    const n = this.pixels;
    if (!this.tuning.blur) {
      for (let i = 0; i < n; i++) cur[i] = data[i]! << 4;
      return;
    }
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const end = row + w - 1;
      tmp[row] = 3 * data[row]! + data[row + 1]!;
      for (let i = row + 1; i < end; i++) tmp[i] = data[i - 1]! + 2 * data[i]! + data[i + 1]!;
      tmp[end] = data[end - 1]! + 3 * data[end]!;
    }
    for (let i = 0; i < w; i++) cur[i] = 3 * tmp[i]! + tmp[i + w]!;
    for (let i = w; i < n - w; i++) cur[i] = tmp[i - w]! + 2 * tmp[i]! + tmp[i + w]!;
    for (let i = n - w; i < n; i++) cur[i] = tmp[i - w]! + 3 * tmp[i]!;
  }

  /** `to` := the blurred frame in grey levels. */
  private copyBlurred(to: Float32Array): void {
    const cur = this.cur;
    for (let i = 0; i < this.pixels; i++) to[i] = cur[i]! * (1 / 16);
  }

  /**
   * Builds the tone map frame → background levels from the quantiles of both
   * over unmasked pixels that did not move in the previous frame (all
   * unmasked ones when too few are still), finds the frame's clipped levels,
   * and says what kind of light change the frame shows.
   */
  private fitToneMap(): LightChange {
    const { histFrame: hf, histBackground: hb, mask, moving, cur, background, width: w, height: h } = this;
    // Every other pixel of every other row: a quarter of the picture gives the quantiles to a fraction of a level.
    hf.fill(0);
    hb.fill(0);
    let count = 0;
    for (let y = 0; y < h; y += 2) {
      for (let i = y * w, end = i + w; i < end; i += 2) {
        if (mask[i] !== 0 || moving[i] !== 0) continue;
        const f = (cur[i]! + 8) >> 4;
        hf[f] = hf[f]! + 1;
        const g = (background[i]! + 0.5) | 0;
        hb[g] = hb[g]! + 1;
        count++;
      }
    }
    if (count < this.sampledUnmasked / 4) {
      // Most of the picture moved: all of it then.
      hf.fill(0);
      hb.fill(0);
      count = 0;
      for (let y = 0; y < h; y += 2) {
        for (let i = y * w, end = i + w; i < end; i += 2) {
          if (mask[i] !== 0) continue;
          const f = (cur[i]! + 8) >> 4;
          hf[f] = hf[f]! + 1;
          const g = (background[i]! + 0.5) | 0;
          hb[g] = hb[g]! + 1;
          count++;
        }
      }
    }
    const fq = this.frameQ;
    const bq = this.backgroundQ;
    for (let k = 0; k < QUANTILES.length; k++) {
      fq[k] = quantile(hf, count, QUANTILES[k]!);
      bq[k] = quantile(hb, count, QUANTILES[k]!);
    }
    this.low = quantile(hb, count, CONTRAST_LOW);
    this.high = Math.max(this.low + 1, quantile(hb, count, CONTRAST_HIGH));
    this.findClipping(count);

    const last = QUANTILES.length - 1;
    const frameSpread = Math.max(0.5, fq[last]! - fq[0]!);
    const backgroundSpread = Math.max(0.5, bq[last]! - bq[0]!);
    // Contrast is compared on the inner half (25..75 %): a large object in view widens the outer levels, not these.
    const frameInner = Math.max(0.5, fq[last - 1]! - fq[1]!);
    const backgroundInner = Math.max(0.5, bq[last - 1]! - bq[1]!);
    const ratio = frameInner / backgroundInner;
    const jump = this.tuning.contrastJump;
    let light: LightChange = LIGHT_NONE;
    // The inner grey levels (25/50/75 %) moved by a large share of the picture's spread since the previous frame: a
    // sudden light change (a switch, the IR cut filter, exposure control). Objects barely move them: to shift the
    // median by a quarter of the spread, something must cover a large part of the picture at once.
    const pq = this.previousQ;
    if (this.havePrevious) {
      const prevSpread = Math.max(2, pq[last]! - pq[0]!);
      for (let k = 1; k < last; k++) if (Math.abs(fq[k]! - pq[k]!) > this.tuning.lightStep * prevSpread) light = LIGHT_STEP;
    }
    // The picture's contrast collapsed or grew beyond what a map should bridge (a fade to black, lights on in the dark).
    if ((ratio > jump || ratio < 1 / jump) && Math.max(frameInner, backgroundInner) >= 3) light = LIGHT_CONTRAST;
    pq.set(fq);
    this.havePrevious = true;
    this.lastRatio = ratio;

    // Segment slopes, clamped; degenerate segments (flat histogram stretches) take the overall slope.
    const overall = clamp(backgroundSpread / frameSpread, 1 / MAX_SLOPE, MAX_SLOPE);
    // The map scales the camera's noise with it: a picture that dims to half has twice the noise in background
    // levels at once, long before the noise estimate would notice.
    this.sigma *= overall / this.lastGain;
    this.lastGain = overall;
    // The map at every blurred level (sixteenths): difference() then maps a pixel with one load.
    const lut = this.lut;
    let k = 0;
    let anchorF = fq[0]!;
    let anchorB = bq[0]!;
    let slope = this.segmentSlope(0, overall);
    for (let s16 = 0; s16 < BLUR_LEVELS; s16++) {
      const v = s16 * (1 / 16);
      let m: number;
      if (v < fq[0]!) m = bq[0]! + (v - fq[0]!) * slope;
      else {
        while (k < last - 1 && v >= fq[k + 1]!) {
          anchorB += slope * (fq[k + 1]! - anchorF);
          anchorF = fq[k + 1]!;
          k++;
          slope = this.segmentSlope(k, overall);
        }
        m = anchorB + (v - anchorF) * slope;
      }
      // Kept to grey levels: the background (and its histogram) never leaves 0..255.
      lut[s16] = m < 0 ? 0 : m > 255 ? 255 : m;
    }
    return light;
  }

  /** Slope of the tone map between anchors k and k + 1, clamped; a flat stretch of the frame's histogram takes `overall`. */
  private segmentSlope(k: number, overall: number): number {
    const fq = this.frameQ;
    const bq = this.backgroundQ;
    const df = fq[k + 1]! - fq[k]!;
    return df < 0.5 ? overall : clamp((bq[k + 1]! - bq[k]!) / df, 1 / MAX_SLOPE, MAX_SLOPE);
  }

  /**
   * Clipped levels: when at least CLIP_SHARE of the frame sits on its
   * darkest (brightest) level, the camera crushed (blew) those pixels, as
   * after lights off or a brightness step. Such a pixel says only that the
   * background there is among the darkest (brightest) that share of the
   * picture, so it is compared with that range of background levels.
   */
  private findClipping(count: number): void {
    const hf = this.histFrame;
    const hb = this.histBackground;
    this.crushedBelow = -1;
    this.blownAbove = 256;
    this.crushedRaw = -1;
    this.blownRaw = 256;
    if (count === 0) return;
    let lo = 0;
    while (lo < 255 && hf[lo] === 0) lo++;
    const crushed = hf[lo]! + (lo < 255 ? hf[lo + 1]! : 0);
    if (crushed >= CLIP_SHARE * count) {
      this.crushedBelow = lo + 1.5;
      // Levels just above the clip are biased by it too (their noise is cut off at the clip): a few levels of margin.
      this.crushedRaw = lo + CLIP_MARGIN;
      this.crushedLo = quantile(hb, count, 0);
      this.crushedHi = quantile(hb, count, crushed / count);
    }
    let hi = 255;
    while (hi > 0 && hf[hi] === 0) hi--;
    const blown = hf[hi]! + (hi > 0 ? hf[hi - 1]! : 0);
    if (hi > lo + 3 && blown >= CLIP_SHARE * count) {
      this.blownAbove = hi - 1.5;
      this.blownRaw = hi - CLIP_MARGIN;
      this.blownLo = quantile(hb, count, 1 - blown / count);
      this.blownHi = quantile(hb, count, 1);
    }
  }

  /**
   * `clipped` = 1 where a crushed or blown pixel lies in the 3x3
   * neighbourhood (the blur mixed it into the pixel's value), by a separable
   * minimum/maximum over the raw frame.
   */
  private markClipped(data: Uint8Array): void {
    const { width: w, height: h, clipped, rowMax: rows, crushedRaw, blownRaw } = this;
    if (crushedRaw < 0 && blownRaw > 255) {
      clipped.fill(0);
      return;
    }
    for (let i = 0; i < this.pixels; i++) rows[i] = data[i]! <= crushedRaw || data[i]! >= blownRaw ? 1 : 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const i = row + x;
        clipped[i] = rows[i]! | (x > 0 ? rows[i - 1]! : 0) | (x < w - 1 ? rows[i + 1]! : 0);
      }
    }
    for (let i = 0; i < this.pixels; i++) rows[i] = clipped[i]!;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const i = row + x;
        clipped[i] = rows[i]! | (y > 0 ? rows[i - w]! : 0) | (y < h - 1 ? rows[i + w]! : 0);
      }
    }
  }

  /**
   * Tone-maps `cur` into `mapped`, thresholds |mapped − background| into
   * `changed` (masked pixels never change) with `fresh` for the changed ones
   * still changing, and fills the |difference| histogram of pixels that were
   * still in the previous frame, for the noise estimate. Returns the changed
   * count.
   */
  private difference(threshold: number): number {
    const { cur, mapped, background, recent, variance, changed, fresh, clipped, mask, moving, histNoise, lut } = this;
    const { crushedBelow, blownAbove, crushedLo, crushedHi, blownLo, blownHi } = this;
    const k2 = this.tuning.pixelNoiseFactor * this.tuning.pixelNoiseFactor;
    const edge = this.tuning.edgeFactor;
    const freshRatio = this.tuning.freshRatio;
    const darkBelow = 8 * (crushedBelow + blownAbove); // halfway between the clips, in sixteenths
    const w = this.width;
    const n = this.pixels;
    const last = n - w - 1;
    histNoise.fill(0);
    // Most pixels do not change: clear the flags at once and set the few that do.
    changed.fill(0);
    fresh.fill(0);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const c = cur[i]!;
      const m = lut[c]!;
      mapped[i] = m;
      if (mask[i] !== 0) continue;
      const b = background[i]!;
      let d: number;
      if (clipped[i] === 0) d = m > b ? m - b : b - m;
      else {
        // A clipped pixel (or one the blur mixed with one) only says the background is among the picture's darkest
        // (brightest) levels, or near its mapped value: the distance to that range counts.
        const dark = c < darkBelow;
        const lo = Math.min(m, dark ? crushedLo : blownLo);
        const hi = Math.max(m, dark ? crushedHi : blownHi);
        d = b < lo ? lo - b : b > hi ? b - hi : 0;
      }
      // The noise estimate samples every fourth still pixel.
      if ((i & 3) === 0 && moving[i] === 0) {
        const bin = Math.min(NOISE_BINS, (d * (1 / NOISE_BIN_WIDTH)) | 0);
        histNoise[bin] = histNoise[bin]! + 1;
      }
      if (d <= threshold) continue;
      // Near an edge or a thin line of the background, a shift of a pixel (vibration, a drifting mount, compression,
      // a lens breathing) changes the level by up to the local contrast: there the threshold grows with the range of
      // the background's 3x3 neighbourhood.
      let t = threshold;
      if (i > w && i < last) {
        let lo = b;
        let hi = b;
        for (let k = i - w - 1; k <= i + w - 1; k += w) {
          for (let q = k; q <= k + 2; q++) {
            const v = background[q]!;
            if (v < lo) lo = v;
            else if (v > hi) hi = v;
          }
        }
        if (edge * (hi - lo) > t) t = edge * (hi - lo);
      }
      // A pixel that flickers (an edge shimmering under compression, leaves, a screen) needs a larger change.
      if (d > t && d * d > k2 * variance[i]!) {
        changed[i] = 1;
        count++;
        // Still changing: the picture differs from a moment ago by a good part of its difference from the
        // background. (A plain threshold would keep a strong change "fresh" for as long as the recent average takes
        // to cross it: seconds, for a bright ghost on a dark ground.)
        const r = recent[i]!;
        const e = m > r ? m - r : r - m;
        if (e > t && e > freshRatio * d) fresh[i] = 1;
      }
    }
    return count;
  }

  /**
   * 3x3 dilation of `changed` into `moving` (separable: row maxima, then
   * column maxima; borders repeat). Four pixels at a time in 32-bit words
   * when rows are whole words (widths divisible by 4: 256x144 and most).
   */
  private dilate(): void {
    const { width: w, height: h, changed, rowMax, moving } = this;
    const n = this.pixels;
    if (this.words) {
      const { changedWords: c, rowMaxWords: r, movingWords: mv } = this.words;
      const ww = w >> 2;
      for (let y = 0; y < h; y++) {
        const first = y * ww;
        const end = first + ww;
        for (let k = first; k < end; k++) {
          const x = c[k]!;
          // Bytes are 0/1 pixels, little-endian: << 8 moves each pixel to its right neighbour's byte, >>> 8 to its left.
          const before = k > first ? c[k - 1]! >>> 24 : 0;
          const after = k < end - 1 ? c[k + 1]! << 24 : 0;
          r[k] = x | (x << 8) | (x >>> 8) | before | after;
        }
      }
      const nw = n >> 2;
      for (let k = 0; k < ww; k++) mv[k] = r[k]! | r[k + ww]!;
      for (let k = ww; k < nw - ww; k++) mv[k] = r[k - ww]! | r[k]! | r[k + ww]!;
      for (let k = nw - ww; k < nw; k++) mv[k] = r[k - ww]! | r[k]!;
      return;
    }
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const end = row + w - 1;
      rowMax[row] = changed[row]! | changed[row + 1]!;
      for (let i = row + 1; i < end; i++) rowMax[i] = changed[i - 1]! | changed[i]! | changed[i + 1]!;
      rowMax[end] = changed[end - 1]! | changed[end]!;
    }
    for (let i = 0; i < w; i++) moving[i] = rowMax[i]! | rowMax[i + w]!;
    for (let i = w; i < n - w; i++) moving[i] = rowMax[i - w]! | rowMax[i]! | rowMax[i + w]!;
    for (let i = n - w; i < n; i++) moving[i] = rowMax[i - w]! | rowMax[i]!;
  }

  /**
   * 8-connected regions of `moving` (flood fill on a preallocated stack).
   * Each region gets a verdict: motion (1); stationary (2: large enough but
   * not changing any more, absorbed quickly by the background); or noise
   * (0: under the minimum area, learned like still pixels). `moving` is
   * rewritten with the verdicts; the motion regions make the result.
   */
  private findRegions(): MotionResult {
    const { width: w, height: h, moving, changed, fresh, labels, stack, verdicts, zoneBits } = this;
    const n = this.pixels;
    const minArea = this.minAreaPx;
    const minFresh = Math.max(2, Math.round(minArea * this.tuning.freshShare));
    const words = this.words?.movingWords;
    // Labels are stamped: this frame's are above `base`, so the buffer needs no clearing (but for a wrap, rarely).
    if (this.labelBase > LABEL_WRAP) {
      labels.fill(0);
      this.labelBase = 0;
    }
    const base = this.labelBase;
    let label = 0;
    let regions = 0;
    let rejected = 0;
    let changedInRegions = 0;
    let zones = 0;
    let minX = w;
    let minY = h;
    let maxX = -1;
    let maxY = -1;
    for (let seed = 0; seed < n; seed++) {
      if (words && (seed & 3) === 0 && words[seed >> 2] === 0) {
        seed += 3; // four still pixels at once
        continue;
      }
      if (moving[seed] === 0 || labels[seed]! > base) continue;
      label++;
      const stamp = base + label;
      let top = 0;
      stack[top++] = seed;
      labels[seed] = stamp;
      let area = 0;
      let changedArea = 0;
      let freshArea = 0;
      let regionZones = 0;
      let rx0 = w;
      let ry0 = h;
      let rx1 = -1;
      let ry1 = -1;
      while (top > 0) {
        const i = stack[--top]!;
        const y = (i / w) | 0;
        const x = i - y * w;
        area++;
        changedArea += changed[i]!;
        freshArea += fresh[i]!;
        if (zoneBits) regionZones |= zoneBits[i]!;
        if (x < rx0) rx0 = x;
        if (x > rx1) rx1 = x;
        if (y < ry0) ry0 = y;
        if (y > ry1) ry1 = y;
        const y0 = y > 0 ? -w : 0;
        const y1 = y < h - 1 ? w : 0;
        const x0 = x > 0 ? -1 : 0;
        const x1 = x < w - 1 ? 1 : 0;
        for (let dy = y0; dy <= y1; dy += w) {
          for (let dx = x0; dx <= x1; dx++) {
            const j = i + dy + dx;
            if (moving[j] !== 0 && labels[j]! <= base) {
              labels[j] = stamp;
              stack[top++] = j;
            }
          }
        }
      }
      if (area < minArea || changedArea < MIN_REGION_CHANGED) {
        verdicts[label] = 0; // too small: noise
        rejected++;
      } else if (freshArea < minFresh) {
        // Changed, but not lately: something that stopped, the ghost of something that left, a slow drift of the view.
        verdicts[label] = 2;
        rejected++;
      } else {
        verdicts[label] = 1;
        regions++;
        changedInRegions += changedArea;
        zones |= regionZones;
        if (rx0 < minX) minX = rx0;
        if (ry0 < minY) minY = ry0;
        if (rx1 > maxX) maxX = rx1;
        if (ry1 > maxY) maxY = ry1;
      }
    }
    this.labelBase = base + label;
    if (rejected > 0) {
      for (let i = 0; i < n; i++) {
        if (words && (i & 3) === 0 && words[i >> 2] === 0) {
          i += 3;
          continue;
        }
        if (moving[i] !== 0) moving[i] = verdicts[labels[i]! - base]!;
      }
    }
    if (regions === 0) return still(false);
    const box: Box = { x: minX / w, y: minY / h, width: (maxX + 1 - minX) / w, height: (maxY + 1 - minY) / h };
    return {
      motion: true,
      box,
      regions,
      area: changedInRegions / this.unmasked,
      zones: zones === 0 ? NO_REGIONS : this.zoneList(zones),
      recalibrated: false,
    };
  }

  private zoneList(bits: number): readonly string[] {
    let list = this.zoneLists.get(bits);
    if (!list) {
      list = Object.freeze(this.zoneNames.filter((_, i) => (bits & (1 << i)) !== 0));
      this.zoneLists.set(bits, list);
    }
    return list;
  }

  /** Background := this frame (camera levels), and motion stays off until the picture is calm. */
  private relearn(at: number): void {
    this.copyBlurred(this.background);
    this.copyBlurred(this.recent);
    // The learned flicker follows the picture's new contrast.
    const scale = clamp(this.lastRatio, 1 / MAX_SLOPE, MAX_SLOPE) ** 2;
    const variance = this.variance;
    for (let i = 0; i < this.pixels; i++) variance[i] = variance[i]! * scale;
    this.stable.fill(0);
    this.moving.fill(0);
    if (!this.settling) this.settleSince = at;
    this.settling = true;
    this.calmSince = at;
  }

  /**
   * Running average. Still pixels learn at `still` (and their variance at
   * `varianceRate`); moving pixels at `moving`, unless they have kept their
   * value for `stationarySeconds` (a parked car, someone standing, the ghost
   * of something that left): those are absorbed at `stationaryLearnSeconds`.
   * Still clipped pixels (crushed, blown) carry no picture and learn nothing.
   */
  private learn(still: number, moving: number, varianceRate: number, threshold: number): void {
    const { background, variance, mapped, recent, stable, clipped, moving: mask } = this;
    const n = this.pixels;
    const recentRate = 1 - Math.exp(-1 / (this.fps * this.tuning.recentSeconds));
    const stationaryFrames = Math.max(1, Math.round(this.fps * this.tuning.stationarySeconds));
    const stationary = 1 - Math.exp(-1 / (this.fps * this.tuning.stationaryLearnSeconds));
    const steady = threshold / 2;
    for (let i = 0; i < n; i++) {
      const m = mapped[i]!;
      const r = recent[i]!;
      recent[i] = r + recentRate * (m - r);
      const drift = m > r ? m - r : r - m; // how far this frame is from the picture of a moment ago
      const b = background[i]!;
      const d = m - b;
      const state = mask[i]!;
      if (state === 0) {
        stable[i] = 0;
        // A still clipped pixel shows nothing of the background (its texture is crushed or blown): learn nothing.
        if (clipped[i] === 0) {
          background[i] = b + still * d;
          const v = variance[i]!;
          variance[i] = v + varianceRate * (d * d - v);
        }
      } else if (state === 2) {
        // A stationary change: absorbed at once.
        stable[i] = 0;
        background[i] = b + stationary * d;
      } else {
        const st = drift <= steady ? Math.min(65535, stable[i]! + 1) : 0;
        stable[i] = st;
        background[i] = b + (st >= stationaryFrames ? stationary : moving) * d;
      }
    }
  }

  /**
   * Noise sigma from the lower quartile of |difference| over pixels that were
   * still (for Gaussian noise a quarter of |x| lies under 0.3186 sigma): a
   * quartile rather than the median, so that ghosts and objects covering up
   * to three quarters of the picture (after a re-learn) do not inflate it.
   * Smoothed with `rate`.
   */
  private updateNoise(rate: number): void {
    const h = this.histNoise;
    let total = 0;
    for (let b = 0; b <= NOISE_BINS; b++) total += h[b]!;
    if (total === 0) return;
    const target = total / 4;
    let acc = 0;
    let quartile = NOISE_BINS * NOISE_BIN_WIDTH;
    for (let b = 0; b <= NOISE_BINS; b++) {
      const c = h[b]!;
      if (acc + c >= target) {
        quartile = (b + (c > 0 ? (target - acc) / c : 0)) * NOISE_BIN_WIDTH;
        break;
      }
      acc += c;
    }
    this.sigma += rate * (quartile / 0.3186 - this.sigma);
  }
}

function still(recalibrated: boolean): MotionResult {
  return { motion: false, box: undefined, regions: 0, area: 0, zones: NO_REGIONS, recalibrated };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The `q` quantile of a 256-bin histogram of `count` values, interpolated within its bin (bin b covers [b − 0.5, b + 0.5)). */
function quantile(hist: Uint32Array, count: number, q: number): number {
  const target = q * count;
  let acc = 0;
  for (let b = 0; b < 256; b++) {
    const c = hist[b]!;
    if (c > 0 && acc + c >= target) return b - 0.5 + (target - acc) / c;
    acc += c;
  }
  return 255;
}

