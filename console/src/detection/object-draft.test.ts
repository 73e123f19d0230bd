import { DEFAULT_OBJECTS, OBJECT_LABELS } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { MIN_SCORE_PERCENT, objectDraftFrom, toObjectSettings, toggleLabel } from './object-draft.js';

describe('object settings draft', () => {
  it('starts from the stored settings and gives them back unchanged', () => {
    const draft = objectDraftFrom(DEFAULT_OBJECTS);
    expect(draft).toEqual({ enabled: true, labels: ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'], minScorePercent: '50' });
    expect(toObjectSettings(draft)).toEqual({ ok: true, settings: DEFAULT_OBJECTS });
  });

  it('ticks and unticks labels, keeping the contracts\' order', () => {
    let draft = objectDraftFrom({ enabled: false, labels: ['car'], minScore: 0.6 });
    draft = toggleLabel(toggleLabel(draft, 'dog', true), 'person', true);
    expect(draft.labels).toEqual(['person', 'car', 'dog']);
    draft = toggleLabel(toggleLabel(draft, 'car', false), 'car', false);
    expect(draft.labels).toEqual(['person', 'dog']);
    expect(toObjectSettings(draft)).toEqual({ ok: true, settings: { enabled: false, labels: ['person', 'dog'], minScore: 0.6 } });
    expect(toggleLabel(draft, 'umbrella', true).labels.every((l) => OBJECT_LABELS.includes(l))).toBe(true);
  });

  it('asks for a label and a whole percentage within the schema\'s bounds before saving', () => {
    const draft = objectDraftFrom(DEFAULT_OBJECTS);
    expect(toObjectSettings({ ...draft, labels: [] })).toMatchObject({ ok: false, problem: expect.stringContaining('at least one label') });
    expect(MIN_SCORE_PERCENT).toEqual({ min: 10, max: 99 });
    for (const text of ['', '9', '100', '55.5', 'high']) {
      expect(toObjectSettings({ ...draft, minScorePercent: text })).toMatchObject({ ok: false, problem: expect.stringContaining('from 10 to 99 %') });
    }
    expect(toObjectSettings({ ...draft, minScorePercent: ' 72 ' })).toMatchObject({ ok: true, settings: { minScore: 0.72 } });
  });
});
