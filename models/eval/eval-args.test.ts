import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from './eval-args.js';

describe('parseEvalArgs', () => {
  it('defaults to every clip as a table', () => {
    expect(parseEvalArgs([])).toEqual({ json: false, trace: false, help: false, objects: 'auto', only: [] });
  });

  it('takes --json, a clip with its truth, filters and a sensitivity', () => {
    expect(parseEvalArgs(['--json', '--clip', 'a.mp4', '--truth', 'a.json', '--only', 'x', '--only', 'y', '--sensitivity', '0.7', '--videos', '/v'])).toEqual({
      json: true, trace: false, help: false, objects: 'auto', only: ['x', 'y'], clip: 'a.mp4', truth: 'a.json', sensitivity: 0.7, videos: '/v',
    });
  });

  it('turns object rows on for every clip or off for all', () => {
    expect(parseEvalArgs(['--objects']).objects).toBe('on');
    expect(parseEvalArgs(['--no-objects']).objects).toBe('off');
    expect(parseEvalArgs(['--objects', '--objects']).objects).toBe('on');
  });

  it.each([
    [['--objects', '--no-objects'], /exclude each other/],
    [['--clip', 'a.mp4'], /go together/],
    [['--truth', 'a.json'], /go together/],
    [['--clip'], /needs a value/],
    [['--sensitivity', '2'], /0 to 1/],
    [['--frobnicate'], /unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseEvalArgs(argv)).toThrow(message);
  });
});
