import { describe, expect, it } from 'vitest';
import { colourOf, dominantColour } from './colour-name.js';

describe('colourOf', () => {
  it('names plain colours', () => {
    expect(colourOf(0, 0, 0)).toBe('black');
    expect(colourOf(250, 250, 250)).toBe('white');
    expect(colourOf(128, 128, 130)).toBe('grey');
    expect(colourOf(200, 30, 30)).toBe('red');
    expect(colourOf(240, 140, 20)).toBe('orange');
    expect(colourOf(110, 70, 30)).toBe('brown');
    expect(colourOf(230, 220, 40)).toBe('yellow');
    expect(colourOf(40, 160, 60)).toBe('green');
    expect(colourOf(30, 60, 200)).toBe('blue');
    expect(colourOf(120, 40, 180)).toBe('purple');
    expect(colourOf(240, 100, 180)).toBe('pink');
  });
});

describe('dominantColour', () => {
  /** A w x h picture of one colour with a border of another. */
  function picture(w: number, h: number, inside: [number, number, number], border: [number, number, number]): Uint8Array {
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const edge = x < w / 4 || x >= (3 * w) / 4 || y < h / 4 || y >= (3 * h) / 4;
        rgb.set(edge ? border : inside, (y * w + x) * 3);
      }
    }
    return rgb;
  }

  it('takes the inner part of the box, where the object is, over its background edges', () => {
    expect(dominantColour(picture(40, 40, [200, 20, 20], [120, 120, 120]), 40, 40)).toBe('red');
    expect(dominantColour(picture(40, 40, [240, 240, 240], [20, 120, 30]), 40, 40)).toBe('white');
  });

  it('gives nothing for an empty picture', () => {
    expect(dominantColour(new Uint8Array(0), 0, 0)).toBeUndefined();
  });
});
