import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import { InvalidImageError } from './object-detector.js';

/**
 * How an image is fitted into the model's input. `letterbox` keeps the
 * aspect ratio and pads with black (how MB3-CenterNet was trained: resize by
 * the shorter scale, zero fill); `stretch` scales each axis on its own (what
 * human's demo code does).
 */
export type ResizeMode = 'letterbox' | 'stretch';

export interface ImageLimits {
  /** Smallest accepted width and height (px): below it nothing a 4-px-stride model can find survives. */
  readonly minSide: number;
  /** Largest accepted width or height (px). */
  readonly maxSide: number;
  /** Largest accepted width × height: checked from the header, before decoding (decompression bombs). */
  readonly maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  minSide: 16, // used by prepareImage
  maxSide: 16_384, // used by prepareImage
  maxPixels: 40_000_000, // used by prepareImage: 8K UHD is 33 Mpx
};

/** A model input's size (pixels). */
export interface InputShape {
  readonly width: number;
  readonly height: number;
}

/** Where the image landed inside the model input, to map boxes back (model-input pixels). */
export interface InputPlacement {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly offsetX: number;
  readonly offsetY: number;
  readonly contentWidth: number;
  readonly contentHeight: number;
}

export interface ModelInput {
  /** placement.inputWidth × placement.inputHeight × 3 RGB bytes, row-major. */
  readonly rgb: Uint8Array;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly placement: InputPlacement;
}

/**
 * Decodes a JPEG or PNG and resizes it to the model's input: `inputShape`
 * gives that input for the image's size (a square model's side whatever the
 * image, or a shape fitted to it: see fitInputShape). Anything
 * that is not a decodable JPEG/PNG of a sensible size rejects with
 * InvalidImageError. EXIF orientation is not applied: boxes refer to the
 * stored pixel grid, as Rekognition's do.
 */
export async function prepareImage(
  bytes: Uint8Array,
  inputShape: (imageWidth: number, imageHeight: number) => InputShape,
  mode: ResizeMode,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<ModelInput> {
  if (bytes.byteLength === 0) throw new InvalidImageError('image is empty');
  // failOn 'error': camera JPEGs often carry harmless decoder warnings (a
  // few bytes of junk after EOI); a truly broken stream still fails.
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' } as const;
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    throw new InvalidImageError(`image is not a decodable JPEG or PNG: ${message(error)}`, { cause: error });
  }
  if (metadata.format !== 'jpeg' && metadata.format !== 'png') {
    throw new InvalidImageError(`image format ${metadata.format ?? 'unknown'} is not supported (JPEG or PNG)`);
  }
  const { width, height } = metadata;
  if (!width || !height) throw new InvalidImageError('image has no dimensions');
  if (width < limits.minSide || height < limits.minSide) {
    throw new InvalidImageError(`image is ${width}x${height}, smaller than ${limits.minSide}x${limits.minSide}`);
  }
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new InvalidImageError(`image is ${width}x${height}, over the limit (${limits.maxSide} px a side, ${limits.maxPixels} px in all)`);
  }

  const placement = placeImage(width, height, inputShape(width, height), mode);
  let pipeline = sharp(bytes, options)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(placement.contentWidth, placement.contentHeight, { fit: 'fill' });
  if (mode === 'letterbox') {
    pipeline = pipeline.extend({
      top: placement.offsetY,
      bottom: placement.inputHeight - placement.contentHeight - placement.offsetY,
      left: placement.offsetX,
      right: placement.inputWidth - placement.contentWidth - placement.offsetX,
      background: { r: 0, g: 0, b: 0 },
    });
  }
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await pipeline.raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new InvalidImageError(`image could not be decoded: ${message(error)}`, { cause: error });
  }
  if (raw.info.width !== placement.inputWidth || raw.info.height !== placement.inputHeight || raw.info.channels !== 3) {
    throw new InvalidImageError(
      `image decoded to ${raw.info.width}x${raw.info.height}x${raw.info.channels}, expected ${placement.inputWidth}x${placement.inputHeight}x3`,
    );
  }
  return { rgb: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), imageWidth: width, imageHeight: height, placement };
}

/**
 * Where a width × height image goes in an input of `input` pixels (pure):
 * `letterbox` scales it by the smaller of the two ratios and centres it,
 * `stretch` fills the input.
 */
export function placeImage(width: number, height: number, input: InputShape, mode: ResizeMode): InputPlacement {
  const inputWidth = input.width;
  const inputHeight = input.height;
  if (mode === 'stretch') return { inputWidth, inputHeight, offsetX: 0, offsetY: 0, contentWidth: inputWidth, contentHeight: inputHeight };
  const scale = Math.min(inputWidth / width, inputHeight / height);
  const contentWidth = Math.max(1, Math.min(inputWidth, Math.round(width * scale)));
  const contentHeight = Math.max(1, Math.min(inputHeight, Math.round(height * scale)));
  return {
    inputWidth,
    inputHeight,
    offsetX: Math.floor((inputWidth - contentWidth) / 2),
    offsetY: Math.floor((inputHeight - contentHeight) / 2),
    contentWidth,
    contentHeight,
  };
}

/** How a fully convolutional model's input is fitted to a picture (fitInputShape). */
export interface InputFit {
  /** The longer side of a picture larger than this is scaled down to it (the scale the model was trained at). */
  readonly maxLongSide: number;
  /** …and of one smaller than this scaled up to it. */
  readonly minLongSide: number;
  /** Both sides are multiples of this (the model's largest stride). */
  readonly stride: number;
  /** Black added to the shorter side (half on each edge), at most up to a square. */
  readonly margin: number;
}

/**
 * The input a letterboxed width × height picture is run at (pure): the
 * longer side is the picture's own, rounded up to the stride, within
 * minLongSide..maxLongSide (never upscaled past the next stride: that adds
 * computation, not detail); the shorter side holds the scaled picture
 * rounded up to the stride plus `margin` of black, at most the longer side.
 * A 640x360 picture runs at 512x416 instead of 512x512, a 260x360 crop at
 * 384x384.
 */
export function fitInputShape(width: number, height: number, fit: InputFit): InputShape {
  const roundUp = (value: number) => Math.ceil(value / fit.stride) * fit.stride;
  const long = Math.max(width, height);
  const side = Math.min(fit.maxLongSide, Math.max(fit.minLongSide, roundUp(long)));
  const short = Math.min(side, roundUp(Math.max(1, Math.round((Math.min(width, height) * side) / long))) + fit.margin);
  return width >= height ? { width: side, height: short } : { width: short, height: side };
}

/**
 * Maps a box in model-input pixels (x1, y1, x2, y2) back to 0..1 of the
 * image, clipped to the image (pure).
 */
export function toImageBox(placement: InputPlacement, x1: number, y1: number, x2: number, y2: number): { left: number; top: number; width: number; height: number } {
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  const left = clip((x1 - placement.offsetX) / placement.contentWidth);
  const top = clip((y1 - placement.offsetY) / placement.contentHeight);
  const right = clip((x2 - placement.offsetX) / placement.contentWidth);
  const bottom = clip((y2 - placement.offsetY) / placement.contentHeight);
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
