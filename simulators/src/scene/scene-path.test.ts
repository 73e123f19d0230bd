import { describe, expect, it } from 'vitest';
import { clipBox, drawnFrames, frameWaypoints, isStoppedAt, positionAt, positionExpression, snapEven } from './scene-path.js';

const car = {
  id: 'car-1', label: 'car', color: '#ffffff', width: 20, height: 10,
  path: [
    { t: 1, x: -20, y: 50 },
    { t: 2, x: 80, y: 50 },
    { t: 3, x: 80, y: 50 },
    { t: 4, x: 180, y: 70 },
  ],
};

describe('scene paths', () => {
  const w = frameWaypoints(car, 10);

  it('snaps waypoint times to frames and draws from the first until (exclusive) the last', () => {
    expect(w.map((p) => p.frame)).toEqual([10, 20, 30, 40]);
    expect(drawnFrames(w)).toEqual({ first: 10, end: 40 });
  });

  it('moves linearly between waypoints, snapped down to even pixels', () => {
    expect(positionAt(w, 10)).toEqual({ x: -20, y: 50 });
    expect(positionAt(w, 15)).toEqual({ x: 30, y: 50 });
    expect(positionAt(w, 11)).toEqual({ x: -10, y: 50 });
    expect(positionAt(w, 35)).toEqual({ x: 130, y: 60 });
    expect(positionAt(w, 33)).toEqual({ x: 110, y: 56 });
    expect(snapEven(-3)).toBe(-4);
    expect(snapEven(5.9)).toBe(4);
  });

  it('waits in place on a segment whose ends are the same point', () => {
    expect([19, 20, 29, 30].map((n) => isStoppedAt(w, n))).toEqual([false, true, true, false]);
    expect(positionAt(w, 25)).toEqual({ x: 80, y: 50 });
  });

  it('writes the same path as an ffmpeg expression of the frame number', () => {
    const x = positionExpression(w, 'x', 'F');
    expect(x).toBe('2*floor((if(lt(F,20),-20+(100)*(F-10)/(10),if(lt(F,30),80,if(lt(F,40),80+(100)*(F-30)/(10),180))))/2)');
    // Evaluating the expression with JS semantics gives the positions the ground truth uses.
    const evaluate = (expr: string, F: number): number =>
      Function('F', 'lt', 'floor', `return ${expr.replace(/if\(/g, 'iff(')}`.replace('return', 'const iff=(c,a,b)=>c?a:b; return'))(F, (a: number, b: number) => a < b, Math.floor) as number;
    for (let n = 10; n < 40; n++) expect(evaluate(x, n)).toBe(positionAt(w, n).x);
  });

  it('clips boxes to the picture and drops those wholly outside', () => {
    expect(clipBox({ x: -6, y: 5, w: 20, h: 10 }, 100, 50)).toEqual({ x: 0, y: 5, w: 14, h: 10 });
    expect(clipBox({ x: 95, y: 45, w: 20, h: 10 }, 100, 50)).toEqual({ x: 95, y: 45, w: 5, h: 5 });
    expect(clipBox({ x: -20, y: 5, w: 20, h: 10 }, 100, 50)).toBeUndefined();
  });
});
