import { describe, expect, it } from 'vitest';
import { chooseProfiles, toMediaProfile } from './onvif-profiles.js';

const p = (token: string, width: number, height: number) => ({ token, name: token, width, height });

describe('chooseProfiles', () => {
  it('records the highest resolution and detects on the lowest', () => {
    expect(chooseProfiles([p('sub', 640, 360), p('main', 1920, 1080), p('mid', 1280, 720)])).toEqual({ main: p('main', 1920, 1080), sub: p('sub', 640, 360) });
  });
  it('has no sub stream with a single profile, and no choice without video', () => {
    expect(chooseProfiles([p('only', 1280, 720)])).toEqual({ main: p('only', 1280, 720), sub: undefined });
    expect(chooseProfiles([p('audio', 0, 0)])).toBeUndefined();
  });
});

describe('toMediaProfile', () => {
  it('reads the token from the attributes and the resolution from the encoder configuration', () => {
    expect(toMediaProfile({ $: { token: 'prof-1' }, name: 'Main', videoEncoderConfiguration: { resolution: { width: 1920, height: '1080' } } }))
      .toEqual({ token: 'prof-1', name: 'Main', width: 1920, height: 1080 });
    expect(toMediaProfile({ name: 'no token' })).toBeUndefined();
  });
});
