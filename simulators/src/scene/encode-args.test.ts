import { describe, expect, it } from 'vitest';
import { keyframeInterval, sceneEncodeArgs, syntheticGraph } from './encode-args.js';
import { sceneScriptGraph } from './scene-graph.js';
import { parseSceneScript } from './scene-script.js';

const valueOf = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('sceneEncodeArgs', () => {
  const file = sceneEncodeArgs({ input: { kind: 'file', path: '/v/in.mp4' }, fps: { num: 25, den: 2 }, output: '/c/out.h264' });

  it('encodes H.264 without B-frames, an IDR a second and no scene-cut keyframes', () => {
    expect(valueOf(file, '-c:v')).toBe('libx264');
    expect(valueOf(file, '-bf')).toBe('0');
    expect(valueOf(file, '-g')).toBe('13');
    expect(valueOf(file, '-keyint_min')).toBe('13');
    expect(valueOf(file, '-sc_threshold')).toBe('0');
    expect(valueOf(file, '-pix_fmt')).toBe('yuv420p');
    expect(file.slice(-3)).toEqual(['-f', 'h264', '/c/out.h264']);
  });

  it('forces a constant frame rate and keeps the source size (even) unless told otherwise', () => {
    expect(valueOf(file, '-vf')).toBe('fps=25/2,scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p');
    expect(file).not.toContain('-t');
    const sub = sceneEncodeArgs({ input: { kind: 'file', path: '/v/in.mp4', seconds: 4 }, fps: { num: 25, den: 1 }, size: { width: 640, height: 360 }, output: 'o' });
    expect(valueOf(sub, '-vf')).toBe('fps=25/1,scale=640:360,setsar=1,format=yuv420p');
    expect(valueOf(sub, '-t')).toBe('4');
  });

  it('generates the synthetic scene from lavfi with a default length of 30 s', () => {
    const args = sceneEncodeArgs({ input: { kind: 'synthetic' }, fps: { num: 25, den: 1 }, output: 'o' });
    expect(valueOf(args, '-f')).toBe('lavfi');
    expect(valueOf(args, '-i')).toBe(syntheticGraph({ kind: 'synthetic' }));
    expect(valueOf(args, '-t')).toBe('30');
    expect(syntheticGraph({ kind: 'synthetic', width: 320, height: 180, fps: 10 })).toContain('testsrc2=size=320x180:rate=10');
  });
});

describe('keyframeInterval', () => {
  it('is one second of frames, rounded', () => {
    expect(keyframeInterval({ num: 30_000, den: 1001 })).toBe(30);
    expect(keyframeInterval({ num: 1, den: 2 })).toBe(1);
  });
});

describe('sceneEncodeArgs for scripted scenes', () => {
  const script = parseSceneScript(
    { name: 's', width: 320, height: 180, fps: 10, durationSec: 4.5, background: { color: '#404040' }, objects: [] },
    's',
  );

  it('renders the script graph and cuts it to an exact frame count', () => {
    const args = sceneEncodeArgs({ input: { kind: 'named', name: 's' }, fps: { num: 10, den: 1 }, output: 'o', script });
    expect(valueOf(args, '-i')).toBe(sceneScriptGraph(script));
    expect(valueOf(args, '-frames:v')).toBe('45');
    expect(args).not.toContain('-t');
  });

  it('refuses a scripted input without its resolved script', () => {
    expect(() => sceneEncodeArgs({ input: { kind: 'named', name: 's' }, fps: { num: 10, den: 1 }, output: 'o' })).toThrow(/resolved script/);
  });
});
