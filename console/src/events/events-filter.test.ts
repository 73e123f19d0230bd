import { OBJECT_LABELS } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_RANGE, EVENT_LABEL_CHOICES, formatEventsSearch, parseEventsSearch, rangeMs } from './events-filter.js';

describe('events filter', () => {
  it('reads camera, label and range from the URL, with the defaults for what is missing or wrong', () => {
    expect(parseEventsSearch('?camera=cam-1&label=person&range=1h')).toEqual({ cameraId: 'cam-1', label: 'person', range: '1h' });
    expect(parseEventsSearch('')).toEqual({ cameraId: undefined, label: undefined, range: DEFAULT_EVENT_RANGE });
    expect(parseEventsSearch('?camera=%20&range=forever')).toEqual({ cameraId: undefined, label: undefined, range: DEFAULT_EVENT_RANGE });
    expect(parseEventsSearch(`?label=${'x'.repeat(65)}`).label).toBeUndefined();
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(formatEventsSearch({ cameraId: undefined, label: undefined, range: DEFAULT_EVENT_RANGE })).toBe('');
    const filter = { cameraId: 'cam 2', label: 'car', range: '7d' } as const;
    expect(formatEventsSearch(filter)).toBe('?camera=cam+2&label=car&range=7d');
    expect(parseEventsSearch(formatEventsSearch(filter))).toEqual(filter);
  });

  it('offers motion and every object label, and ranges of an hour to a week', () => {
    expect(EVENT_LABEL_CHOICES).toEqual(['motion', ...OBJECT_LABELS]);
    expect(rangeMs('1h')).toBe(3_600_000);
    expect(rangeMs('7d')).toBe(7 * 24 * 3_600_000);
  });
});
