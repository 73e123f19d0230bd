import { HEALTH_EVENT_LABELS, OBJECT_LABELS } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { EVENT_FAMILIES, eventFamily, isHealthEvent } from './event-family.js';

describe('event families', () => {
  it('tells motion, people, vehicles and other objects apart', () => {
    expect(eventFamily('motion')).toBe('motion');
    expect(eventFamily('person')).toBe('person');
    expect(['car', 'truck', 'bus', 'bicycle', 'motorcycle'].map(eventFamily)).toEqual(Array(5).fill('vehicle'));
    expect(eventFamily('dog')).toBe('other');
    expect(eventFamily('suitcase')).toBe('other');
    expect(eventFamily('a-label-from-a-newer-edge')).toBe('other');
  });

  it('puts every object label the settings offer into a family, and lists each family once', () => {
    for (const label of OBJECT_LABELS) expect(['person', 'vehicle', 'other']).toContain(eventFamily(label));
    expect(new Set(EVENT_FAMILIES.map((f) => f.family)).size).toBe(EVENT_FAMILIES.length);
  });

  it('knows health events from detections', () => {
    for (const label of HEALTH_EVENT_LABELS) expect(isHealthEvent(label)).toBe(true);
    expect(isHealthEvent('motion')).toBe(false);
    expect(isHealthEvent('person')).toBe(false);
  });
});
