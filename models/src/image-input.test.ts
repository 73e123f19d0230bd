import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InvalidImageError } from './object-detector.js';
import { fitInputShape, placeImage, prepareImage, toImageBox, type InputShape } from './image-input.js';

const square = (side: number) => (): InputShape => ({ width: side, height: side });

async function solid(width: number, height: number, format: 'png' | 'jpeg' | 'webp', channels: 1 | 3 | 4 = 3): Promise<Buffer> {
  const background = channels === 1 ? { r: 200, g: 200, b: 200 } : { r: 255, g: 0, b: 0, alpha: 1 };
  let image = sharp({ create: { width, height, channels: channels === 1 ? 3 : channels, background } });
  if (channels === 1) image = image.greyscale();
  return image.toFormat(format).toBuffer();
}

describe('placeImage', () => {
  it('letterboxes a wide image centred, full width', () => {
    expect(placeImage(768, 432, { width: 512, height: 512 }, 'letterbox')).toEqual({ inputWidth: 512, inputHeight: 512, offsetX: 0, offsetY: 112, contentWidth: 512, contentHeight: 288 });
  });

  it('letterboxes a tall image centred, full height', () => {
    expect(placeImage(300, 600, { width: 512, height: 512 }, 'letterbox')).toEqual({ inputWidth: 512, inputHeight: 512, offsetX: 128, offsetY: 0, contentWidth: 256, contentHeight: 512 });
  });

  it('letterboxes into a non-square input by the smaller ratio', () => {
    expect(placeImage(768, 432, { width: 512, height: 288 }, 'letterbox')).toEqual({ inputWidth: 512, inputHeight: 288, offsetX: 0, offsetY: 0, contentWidth: 512, contentHeight: 288 });
    expect(placeImage(640, 480, { width: 512, height: 288 }, 'letterbox')).toEqual({ inputWidth: 512, inputHeight: 288, offsetX: 64, offsetY: 0, contentWidth: 384, contentHeight: 288 });
    expect(placeImage(100, 70, { width: 512, height: 384 }, 'letterbox')).toEqual({ inputWidth: 512, inputHeight: 384, offsetX: 0, offsetY: 13, contentWidth: 512, contentHeight: 358 });
  });

  it('stretches to the whole input', () => {
    expect(placeImage(768, 432, { width: 512, height: 512 }, 'stretch')).toEqual({ inputWidth: 512, inputHeight: 512, offsetX: 0, offsetY: 0, contentWidth: 512, contentHeight: 512 });
  });
});

describe('fitInputShape', () => {
  const fit = { maxLongSide: 512, minLongSide: 256, stride: 32, margin: 128 };

  it('scales a large picture down to the longest side and gives the short one the picture plus the margin', () => {
    expect(fitInputShape(640, 360, fit)).toEqual({ width: 512, height: 416 }); // 288 of picture + 128
    expect(fitInputShape(1920, 1080, fit)).toEqual({ width: 512, height: 416 });
    expect(fitInputShape(704, 576, fit)).toEqual({ width: 512, height: 512 }); // 419 + 128, at most a square
    expect(fitInputShape(360, 1280, fit)).toEqual({ width: 288, height: 512 }); // portrait: 144 -> 160 + 128
  });

  it('runs a crop at its own scale, rounded up to the stride, never scaled past it', () => {
    expect(fitInputShape(260, 360, fit)).toEqual({ width: 384, height: 384 });
    expect(fitInputShape(400, 160, fit)).toEqual({ width: 416, height: 320 }); // 166 px of picture -> 192, + 128
    expect(fitInputShape(500, 100, fit)).toEqual({ width: 512, height: 256 });
  });

  it('scales a tiny picture up to the shortest long side', () => {
    expect(fitInputShape(100, 50, fit)).toEqual({ width: 256, height: 256 });
    expect(fitInputShape(200, 20, fit)).toEqual({ width: 256, height: 160 });
  });
});

describe('toImageBox', () => {
  it('maps model-input pixels back to 0..1 of the image, clipped', () => {
    const placement = placeImage(768, 432, { width: 512, height: 512 }, 'letterbox');
    expect(toImageBox(placement, 128, 112, 384, 256)).toEqual({ left: 0.25, top: 0, width: 0.5, height: 0.5 });
    expect(toImageBox(placement, -10, 50, 600, 450)).toEqual({ left: 0, top: 0, width: 1, height: 1 });
  });
});

describe('prepareImage', () => {
  it('decodes a PNG into a letterboxed RGB input with black bars', async () => {
    const input = await prepareImage(await solid(64, 32, 'png'), square(32), 'letterbox');
    expect(input.imageWidth).toBe(64);
    expect(input.imageHeight).toBe(32);
    expect(input.rgb).toHaveLength(32 * 32 * 3);
    expect(Array.from(input.rgb.subarray(0, 3))).toEqual([0, 0, 0]); // top bar
    const middle = (16 * 32 + 16) * 3;
    expect(Array.from(input.rgb.subarray(middle, middle + 3))).toEqual([255, 0, 0]);
  });

  it('fits a picture into the input its shape function gives for its size, without padding when the aspect matches', async () => {
    const sizes: string[] = [];
    const input = await prepareImage(await solid(64, 32, 'png'), (width, height) => (sizes.push(`${width}x${height}`), { width: 32, height: 16 }), 'letterbox');
    expect(sizes).toEqual(['64x32']);
    expect(input.placement).toEqual({ inputWidth: 32, inputHeight: 16, offsetX: 0, offsetY: 0, contentWidth: 32, contentHeight: 16 });
    expect(input.rgb).toHaveLength(32 * 16 * 3);
    expect(Array.from(input.rgb.subarray(0, 3))).toEqual([255, 0, 0]); // no bar: the corner is picture
  });

  it('turns grey and alpha images into three channels', async () => {
    for (const image of [await solid(40, 40, 'png', 1), await solid(40, 40, 'png', 4), await solid(40, 40, 'jpeg')]) {
      const input = await prepareImage(image, square(16), 'stretch');
      expect(input.rgb).toHaveLength(16 * 16 * 3);
    }
  });

  it('rejects bytes that are no image, other formats, and images too small or too large', async () => {
    await expect(prepareImage(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]), square(32), 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
    await expect(prepareImage(new Uint8Array(0), square(32), 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
    await expect(prepareImage(await solid(64, 64, 'webp'), square(32), 'letterbox')).rejects.toThrow(/webp is not supported/);
    await expect(prepareImage(await solid(8, 64, 'png'), square(32), 'letterbox')).rejects.toThrow(/smaller than 16x16/);
    const limits = { minSide: 16, maxSide: 100, maxPixels: 5000 };
    await expect(prepareImage(await solid(101, 20, 'png'), square(32), 'letterbox', limits)).rejects.toThrow(/over the limit/);
    await expect(prepareImage(await solid(90, 90, 'png'), square(32), 'letterbox', limits)).rejects.toBeInstanceOf(InvalidImageError);
  });

  it('rejects a truncated JPEG', async () => {
    const jpeg = await solid(256, 256, 'jpeg');
    await expect(prepareImage(jpeg.subarray(0, 200), square(32), 'letterbox')).rejects.toBeInstanceOf(InvalidImageError);
  });
});
