import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION } from '@argus/contracts';
import {
  addPoint, canClose, cancelDrawing, closeDrawing, draftFromSettings, emptyDraft, movePoint, removeShape, renameShape, setKind, shapeLabel,
  startDrawing, toPatch, type Draft,
} from './detection-draft.js';

const draw = (draft: Draft, kind: 'zone' | 'mask', points: Array<[number, number]>): Draft =>
  closeDrawing(points.reduce((d, [x, y]) => addPoint(d, x, y), startDrawing(draft, kind)));

describe('detection draft', () => {
  it('draws a zone point by point, closes it named and selected, and saves it as a patch', () => {
    const draft = draw(emptyDraft(), 'zone', [[0.1, 0.1], [0.6, 0.1], [0.6, 0.5], [0.1, 0.5]]);
    expect(draft.shapes).toEqual([{ id: 1, kind: 'zone', name: 'Zone 1', points: [[0.1, 0.1], [0.6, 0.1], [0.6, 0.5], [0.1, 0.5]] }]);
    expect(draft.selected).toBe(1);
    expect(toPatch(renameShape(draft, 1, ' Driveway '), { enabled: true, sensitivity: 0.6 })).toEqual({
      ok: true,
      patch: { enabled: true, sensitivity: 0.6, zones: [{ name: 'Driveway', polygon: [[0.1, 0.1], [0.6, 0.1], [0.6, 0.5], [0.1, 0.5]] }], masks: [] },
    });
  });

  it('needs three distinct points: a double click\'s repeated point and a return to the start count once', () => {
    let draft = startDrawing(emptyDraft(), 'mask');
    draft = addPoint(addPoint(addPoint(draft, 0.2, 0.2), 0.5, 0.5), 0.5, 0.501);
    expect(canClose(draft)).toBe(false);
    expect(closeDrawing(draft)).toBe(draft);
    draft = addPoint(addPoint(draft, 0.2, 0.8), 0.2001, 0.2);
    expect(canClose(draft)).toBe(true);
    expect(closeDrawing(draft).shapes[0]).toMatchObject({ kind: 'mask', name: '', points: [[0.2, 0.2], [0.5, 0.5], [0.2, 0.8]] });
  });

  it('clamps and rounds points into the picture', () => {
    const draft = draw(emptyDraft(), 'mask', [[-0.2, 0.123456], [1.4, 0], [0.5, 0.9]]);
    expect(draft.shapes[0]?.points).toEqual([[0, 0.1235], [1, 0], [0.5, 0.9]]);
  });

  it('moves a point, turns a zone into a mask and back, and removes a shape', () => {
    let draft = draw(emptyDraft(), 'zone', [[0.1, 0.1], [0.6, 0.1], [0.6, 0.5]]);
    draft = movePoint(draft, 1, 2, 0.7, 0.7);
    expect(draft.shapes[0]?.points[2]).toEqual([0.7, 0.7]);
    draft = setKind(draft, 1, 'mask');
    expect(shapeLabel(draft, draft.shapes[0]!)).toBe('Mask 1');
    expect(toPatch(draft, { enabled: true, sensitivity: 0.5 })).toMatchObject({ ok: true, patch: { zones: [], masks: [[[0.1, 0.1], [0.6, 0.1], [0.7, 0.7]]] } });
    draft = setKind(draft, 1, 'zone');
    expect(draft.shapes[0]?.name).toBe('Zone 1');
    expect(removeShape(draft, 1)).toMatchObject({ shapes: [], selected: null });
  });

  it('refuses to save bad or duplicate zone names, or a polygon still being drawn', () => {
    let draft = draw(draw(emptyDraft(), 'zone', [[0, 0], [0.5, 0], [0.5, 0.5]]), 'zone', [[0.5, 0.5], [1, 0.5], [1, 1]]);
    draft = renameShape(renameShape(draft, 1, 'Gate'), 2, 'Gate');
    expect(toPatch(draft, { enabled: true, sensitivity: 0.5 })).toMatchObject({ ok: false, shapeId: 2, problem: 'Two zones are named "Gate"' });
    expect(toPatch(renameShape(draft, 2, '<gate>'), { enabled: true, sensitivity: 0.5 })).toMatchObject({ ok: false, shapeId: 2 });
    const drawing = addPoint(startDrawing(renameShape(draft, 2, 'Door'), 'mask'), 0.1, 0.1);
    expect(toPatch(drawing, { enabled: true, sensitivity: 0.5 })).toMatchObject({ ok: false });
    expect(toPatch(cancelDrawing(drawing), { enabled: true, sensitivity: 0.5 })).toMatchObject({ ok: true });
  });

  it('loads stored settings back into shapes', () => {
    const draft = draftFromSettings({ ...DEFAULT_DETECTION, zones: [{ name: 'Gate', polygon: [[0, 0], [1, 0], [1, 1]] }], masks: [[[0, 0], [0.1, 0], [0.1, 0.1]]] });
    expect(draft.shapes.map((s) => [s.id, s.kind, s.name])).toEqual([[1, 'zone', 'Gate'], [2, 'mask', '']]);
    expect(draw(draft, 'zone', [[0.2, 0.2], [0.3, 0.2], [0.3, 0.3]]).shapes.at(-1)).toMatchObject({ id: 3, name: 'Zone 1' });
  });
});
