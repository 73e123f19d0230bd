import { describe, expect, it } from 'vitest';
import { clampBox, objectEvent } from './object-to-event.js';

describe('objectEvent', () => {
  it('carries the label, best score, box, path, zones, dwell, stationary and colour', () => {
    const event = objectEvent(
      {
        phase: 'update', id: 'o1', label: 'person', startedAt: 1000, box: { x: 0.1, y: 0.2, width: 0.1, height: 0.3 }, maxScore: 0.876543,
        path: [{ at: 1000, box: { x: 0, y: 0.2, width: 0.1, height: 0.3 } }, { at: 2000, box: { x: 0.1, y: 0.2, width: 0.1, height: 0.3 } }],
        zones: ['door'], dwellMs: 12_345, stationary: false,
      },
      { cameraId: 'cam-1', stream: 'sub', snapshotKey: 'k.jpg', color: 'red' },
    );
    expect(event).toEqual({
      id: 'o1', phase: 'update', cameraId: 'cam-1', stream: 'sub', label: 'person', score: 0.8765,
      box: { x: 0.1, y: 0.2, width: 0.1, height: 0.3 }, zones: ['door'],
      attributes: { dwellSeconds: '12.3', stationary: 'false', color: 'red' },
      path: [{ at: 1000, box: { x: 0, y: 0.2, width: 0.1, height: 0.3 } }, { at: 2000, box: { x: 0.1, y: 0.2, width: 0.1, height: 0.3 } }],
      startedAt: 1000, snapshotKey: 'k.jpg',
    });
  });

  it('keeps boxes inside the picture', () => {
    expect(clampBox({ x: -0.1, y: 0.9, width: 0.3, height: 0.3 })).toEqual({ x: 0, y: 0.9, width: 0.2, height: 0.1 });
  });
});
