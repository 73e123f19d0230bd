import type { Box } from '@argus/core';
import sharp from 'sharp';
import { dominantColour, type ColourName } from '../../core/colour-name.js';

/**
 * The picture work of object detection, on sharp (libvips, prebuilt in its
 * npm package): crop a region of a JPEG for the model, and read the
 * dominant colour of an object's box. Boxes are normalised to the picture.
 */

/** Largest side of a crop sent to the model: the shipped model looks at 512x512, AWS Rekognition at about that. */
export const CROP_MAX_SIDE = 640;
/** JPEG quality of the crops (libvips 1..100). */
export const CROP_QUALITY = 85;
/** Colour is read on the box scaled down to at most this many pixels a side. */
const COLOUR_SIDE = 48;

/** Pixel rectangle of a normalised box in a `width` x `height` picture, at least 1x1, inside it. */
export function pixelRect(box: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const left = Math.min(width - 1, Math.max(0, Math.floor(box.x * width)));
  const top = Math.min(height - 1, Math.max(0, Math.floor(box.y * height)));
  const right = Math.min(width, Math.max(left + 1, Math.ceil((box.x + box.width) * width)));
  const bottom = Math.min(height, Math.max(top + 1, Math.ceil((box.y + box.height) * height)));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The region of a JPEG as a JPEG, its longer side at most CROP_MAX_SIDE; the
 * whole picture (0, 0, 1, 1) is passed on as it is when small enough.
 */
export async function cropJpeg(jpeg: Uint8Array, region: Box): Promise<Uint8Array> {
  const image = sharp(jpeg, { failOn: 'error' });
  const { width, height } = await image.metadata();
  if (!width || !height) throw new Error('not a picture');
  const whole = region.x <= 0 && region.y <= 0 && region.width >= 1 && region.height >= 1;
  if (whole && Math.max(width, height) <= CROP_MAX_SIDE) return jpeg;
  const rect = pixelRect(region, width, height);
  return image
    .extract(rect)
    .resize({ width: CROP_MAX_SIDE, height: CROP_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: CROP_QUALITY })
    .toBuffer();
}

/** The dominant colour name of the box in the JPEG (core/colour-name.ts); undefined for a degenerate box. */
export async function boxColour(jpeg: Uint8Array, box: Box): Promise<ColourName | undefined> {
  const image = sharp(jpeg, { failOn: 'error' });
  const { width, height } = await image.metadata();
  if (!width || !height || box.width <= 0 || box.height <= 0) return undefined;
  const { data, info } = await image
    .extract(pixelRect(box, width, height))
    .resize({ width: COLOUR_SIDE, height: COLOUR_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return dominantColour(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height);
}
