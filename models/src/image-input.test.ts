import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InvalidImageError } from './object-detector.js';
import { placeImage, prepareImage, toImageBox } from './image-input.js';

async function solid(width: number, height: number, format: 'png' | 'jpeg' | 'webp', channels: 1 | 3 | 4 = 3): Promise<Buffer> {
  const background = channels === 1 ? { r: 200, g: 200, b: 200 } : { r: 255, g: 0, b: 0, alpha: 1 };
  let image = sharp({ create: { width, height, channels: channels === 1 ? 3 : channels, background } });
  if (channels === 1) image = image.greyscale();
  return image.toFormat(format).toBuffer();
}

describe('placeImage', () => {
  it('letterboxes a wide image centred, full width', () => {
    expect(placeImage(768, 432, 512, 'letterbox')).toEqual({ inputSize: 512, offsetX: 0, offsetY: 112, contentWidth: 512, contentHeight: 288 });
  });

  it('letterboxes a tall image centred, full height', () => {
    expect(placeImage(300, 600, 512, 'letterbox')).toEqual({ inputSize: 512, offsetX: 128, offsetY: 0, contentWidth: 256, contentHeight: 512 });
  });

  it('stretches to the whole input', () => {
    expect(placeImage(768, 432, 512, 'stretch')).toEqual({ inputSize: 512, offsetX: 0, offsetY: 0, contentWidth: 512, contentHeight: 512 });
  });
});

describe('toImageBox', () => {
  it('maps model-input pixels back to 0..1 of the image, clipped', () => {
    const placement = placeImage(768, 432, 512, 'letterbox');
    expect(toImageBox(placement, 128, 112, 384, 256)).toEqual({ left: 0.25, top: 0, width: 0.5, height: 0.5 });
    expect(toImageBox(placement, -10, 50, 600, 450)).toEqual({ left: 0, top: 0, width: 1, height: 1 });
  });
});

describe('prepareImage', () => {
  it('decodes a PNG into a letterboxed RGB input with black bars', async () => {
    const input = await prepareImage(await solid(64, 32, 'png'), 32, 'letterbox');
    expect(input.imageWidth).toBe(64);
    expect(input.imageHeight).toBe(32);
    expect(input.rgb).toHaveLength(32 * 32 * 3);
    expect(Array.from(input.rgb.subarray(0, 3))).toEqual([0, 0, 0]); // top bar
    const middle = (16 * 32 + 16) * 3;
    expect(Array.from(input.rgb.subarray(middle, middle + 3))).toEqual([255, 0, 0]);
  });

  it('turns grey and alpha images into three channels', async () => {
    for (const image of [await solid(40, 40, 'png', 1), await solid(40, 40, 'png', 4), await solid(40, 40, 'jpeg')]) {
      const input = await prepareImage(image, 16, 'stretch');
      expect(input.rgb).toHaveLength(16 * 16 * 3);
    }
  });

  it('rejects bytes that are no image, other formats, and images too small or too large', async () => {
    await expect(prepareImage(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]), 32, 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
    await expect(prepareImage(new Uint8Array(0), 32, 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
    await expect(prepareImage(await solid(64, 64, 'webp'), 32, 'letterbox')).rejects.toThrow(/webp is not supported/);
    await expect(prepareImage(await solid(8, 64, 'png'), 32, 'letterbox')).rejects.toThrow(/smaller than 16x16/);
    const limits = { minSide: 16, maxSide: 100, maxPixels: 5000 };
    await expect(prepareImage(await solid(101, 20, 'png'), 32, 'letterbox', limits)).rejects.toThrow(/over the limit/);
    await expect(prepareImage(await solid(90, 90, 'png'), 32, 'letterbox', limits)).rejects.toBeInstanceOf(InvalidImageError);
  });

  it('rejects a truncated JPEG', async () => {
    const jpeg = await solid(256, 256, 'jpeg');
    await expect(prepareImage(jpeg.subarray(0, 200), 32, 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
  });
});
