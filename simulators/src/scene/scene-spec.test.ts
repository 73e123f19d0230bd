import { describe, expect, it } from 'vitest';
import { isBuiltinSceneName, toSceneInput } from './scene-spec.js';

describe('toSceneInput', () => {
  it('reads a bare built-in name as a named scene, *.json as a script file, anything else as a video file', () => {
    expect(toSceneInput('parking-lot')).toEqual({ kind: 'named', name: 'parking-lot' });
    expect(toSceneInput('night-ir')).toEqual({ kind: 'named', name: 'night-ir' });
    expect(toSceneInput('my-scene.json')).toEqual({ kind: 'script', source: 'my-scene.json' });
    expect(toSceneInput('./parking-lot')).toEqual({ kind: 'file', path: './parking-lot' });
    expect(toSceneInput('/videos/clip.mp4')).toEqual({ kind: 'file', path: '/videos/clip.mp4' });
    expect(toSceneInput({ kind: 'synthetic', seconds: 3 })).toEqual({ kind: 'synthetic', seconds: 3 });
  });

  it('knows only the shipped scene names', () => {
    expect(['parking-lot', 'corridor', 'night-ir'].every(isBuiltinSceneName)).toBe(true);
    expect(isBuiltinSceneName('no-such-scene')).toBe(false);
    expect(isBuiltinSceneName('../scenes/corridor')).toBe(false);
  });
});
